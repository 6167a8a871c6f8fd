#include "harness/report/html_page.hpp"

namespace harness::report {

const char* const kHtmlStyle = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 48px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:16px 0 8px}h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid #d0d7de}
pre{font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all;margin:4px 0;background:#f6f8fa;padding:6px 8px;border-radius:4px}
table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;vertical-align:top}
table.summary th{color:#57606a;font-weight:normal}
.counts span{display:inline-block;margin-right:12px;font-weight:bold}
.counts .passed{color:#1a7f37}.counts .failed{color:#cf222e}.counts .errored,td.errored{color:#bc4c00}.counts .skipped{color:#6e7781}
.controls{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #d0d7de;z-index:1}
.controls label{margin-right:12px}.controls input[type=search]{width:320px}
details.case{border:1px solid #d0d7de;border-radius:6px;margin:6px 0;padding:4px 8px}
details.case>summary{cursor:pointer;list-style-position:outside}
details.case.failed{border-left:4px solid #cf222e}details.case.errored{border-left:4px solid #bc4c00}
.badge{display:inline-block;min-width:48px;font:bold 11px ui-monospace,monospace;padding:1px 4px;border-radius:3px;color:#fff;text-align:center}
.badge.passed{background:#1a7f37}.badge.failed{background:#cf222e}.badge.errored{background:#bc4c00}.badge.skipped{background:#6e7781}
.loc{font:12px ui-monospace,monospace;color:#0550ae}.time{color:#6e7781;font-size:12px}.file{color:#57606a;font-size:12px}
.message{font-weight:600}
.exchange{border:1px solid #d8dee4;border-radius:4px;margin:8px 0;padding:4px 8px}
.reqline,.status{font:bold 12px ui-monospace,monospace}.status.s2{color:#1a7f37}.status.s4,.status.s5{color:#cf222e}
.transport{font:bold 12px ui-monospace,monospace;color:#bc4c00}
table.head{font:12px ui-monospace,monospace;margin:2px 0 4px}table.head th{color:#57606a;font-weight:normal}
mark.ptr{background:#ffd33d;outline:2px solid #cf222e;border-radius:2px}
.jk{color:#0550ae}.js{color:#0a3069}.jv{color:#953800}.note{color:#6e7781;font-size:12px;margin:2px 0}
table.grid td,table.grid th{border:1px solid #d0d7de;text-align:center;font-size:12px}
table.grid th.ep{text-align:left;font-family:ui-monospace,monospace}
td.hit{background:#dafbe1}td.miss{background:#ffebe9;color:#cf222e;font-weight:bold}td.na{background:#f6f8fa}
td.extra{background:#fff8c5}
)css";

// Filters by outcome and searches titles, files and messages; without it every case is simply shown.
const char* const kHtmlScript = R"js(
(function(){
  var controls=document.getElementById('controls');controls.hidden=false;
  var cases=[].slice.call(document.querySelectorAll('details.case'));
  var texts=cases.map(function(c){return (c.getAttribute('data-text')||'').toLowerCase();});
  var boxes=[].slice.call(controls.querySelectorAll('input[type=checkbox]'));
  var search=document.getElementById('search'),shown=document.getElementById('shown'),pending=false;
  function apply(){
    pending=false;
    var on={};boxes.forEach(function(b){on[b.value]=b.checked;});
    var q=search.value.toLowerCase(),n=0;
    for(var i=0;i<cases.length;i++){
      var show=on[cases[i].getAttribute('data-outcome')]&&(q===''||texts[i].indexOf(q)>=0);
      if(cases[i].hidden===show)cases[i].hidden=!show;
      n+=show?1:0;
    }
    shown.textContent=n+' of '+cases.length+' cases shown';
  }
  function later(){if(!pending){pending=true;requestAnimationFrame(apply);}}
  boxes.forEach(function(b){b.addEventListener('change',later);});
  search.addEventListener('input',later);
  // "#search=TEXT&hide=passed,skipped" sets the filters, so a link (or a test) can open a filtered page.
  var hash=location.hash.slice(1).split('&');
  hash.forEach(function(part){
    var kv=part.split('=');
    if(kv[0]==='search')search.value=decodeURIComponent(kv[1]||'');
    if(kv[0]==='hide')(kv[1]||'').split(',').forEach(function(o){boxes.forEach(function(b){if(b.value===o)b.checked=false;});});
  });
  apply();
})();
)js";

}  // namespace harness::report
