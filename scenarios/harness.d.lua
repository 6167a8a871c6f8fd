---@meta harness
-- LuaLS annotations for the globals the harness gives scenarios (see docs/lua-api.md).
-- This file is never run: the runner skips *.d.lua files.

---Each timeline entry is one of these states.
---@alias harness.JobState "INIT"|"RUNNING"|"SUCCESS"|"FAIL"

---The kind of a connection-level failure.
---@alias harness.TransportKind "refused"|"reset"|"timeout"|"closed"|"truncated"|"protocol"|"tls"|"resolve"|"other"

---What `http.get` and `http.request` return for any HTTP status, including 4xx and 5xx.
---@class harness.Response
---@field status integer The HTTP status code.
---@field headers table<string, string> Response headers, names in lower case (`res.headers["content-type"]`); a repeated header keeps its last value.
---@field body string The raw body; `""` when there is none.
---@field json any|nil The body parsed as JSON (JSON null is `null`), once, on first read (conforms shares the parse); nil when the body is empty or not JSON.
---@field json_error string|nil The JSON parser's message when the body is not empty and not JSON.
---@field elapsed_ms number Milliseconds from sending the request to the end of the response.

---Options of `http.get` and `http.request`. No other key is accepted.
---@class harness.RequestOptions
---@field headers? table<string, string> Extra request headers; they replace defaults of the same name.
---@field body? string|table|number|boolean A string is sent as is; any other value is sent as JSON with `Content-Type: application/json`.
---@field timeout? number Seconds to wait for the response (> 0); default 5.

---The error table `http.*` raises when the connection fails. Catch it with pcall.
---@class harness.TransportError
---@field kind harness.TransportKind What failed.
---@field type harness.TransportKind Same as `kind`.
---@field harness_error "transport"
---@field message string `"file:line: GET /path: read timed out after 200 ms: ..."`; `tostring(err)` returns it.
---@field detail string The message and the transcript of the failed exchange.

---The error table a failed expectation raises (it stops the case, reported as a failure).
---@class harness.Failure
---@field harness_error "failure"
---@field type "expectation"|"schema"|"fixture"
---@field message string `"file:line: expected ..., got ..."`; `tostring(err)` returns it.
---@field detail string The full text for the report, with the last HTTP exchange.

---A sub-job in `fake.job{ sub_jobs = {...} }`: the parent's fields without service, project_id and sub_jobs.
---@class harness.SubJobSpec
---@field job_type string Required, non-empty, e.g. "stopProtectionGroupRepNoCG".
---@field timeline (harness.JobState|{[1]: harness.JobState, seconds: number})[] Required: by count, the parent's Nth GET shows state N (or the last); by time, as the clock says
---@field job_id? string Default: 32 generated hex characters.
---@field entities? table<string, string> Served as the sub-job's `entities`.
---@field error_code? string Served while the sub-job is FAIL; default "SDRS.0405".
---@field fail_reason? string Served while the sub-job is FAIL; default "Failed to execute the job.".
---@field begin_time? string Served as is; default the world's clock, "2026-01-01T00:00:00.000Z".
---@field end_time? string Served as is once the sub-job is terminal; default computed from the poll count.
---@field extra? table Fields merged into the sub-job's body as given.

---The job `fake.job` adds to the world. Served as given: a field set to `null` or to a value of another type is
---served so (the checks, not the world, say what the page does not document).
---@class harness.JobSpec
---@field job_type string Required, non-empty, e.g. "createProtectionGroupNoCG".
---@field timeline (harness.JobState|{[1]: harness.JobState, seconds: number})[] Required: plain states advance one per GET; {"RUNNING", seconds = 30} entries advance with fake.clock
---@field service? "sdrs"|"vbs" Default "sdrs": sub-jobs in `entities.sub_jobs`; "vbs": in a top-level `sub_jobs`.
---@field project_id? string Default: the global `project_id`.
---@field job_id? string Default: 32 generated hex characters; must be unique within the project.
---@field entities? table<string, string> Served as the body's `entities`.
---@field error_code? string Served while the job is FAIL (null otherwise); default "SDRS.0405".
---@field fail_reason? string Served while the job is FAIL (null otherwise); default "Failed to execute the job.".
---@field begin_time? string Served as is; default the world's clock, "2026-01-01T00:00:00.000Z".
---@field end_time? string Served as is once the job is terminal; default begin_time + 1 s per GET before the first terminal one.
---@field sub_jobs? harness.SubJobSpec[] One level only; they advance with each GET of the parent.
---@field extra? table Fields merged into the body as given (objects merge name by name).
---@field headers? table<string, string> Added to every answer of this job's GET.

---A sub-job as `fake.job` returns it. It has no `path`: the fake serves sub-jobs only inside their parent's body
---(a GET on a sub-job's id answers 404).
---@class harness.SubJobHandle
---@field job_id string
---@field project_id string

---What `fake.job` returns.
---@class harness.JobHandle
---@field job_id string The job's id (given or generated).
---@field project_id string The job's project.
---@field path string "/v1/{project_id}/jobs/{job_id}": the path to GET.
---@field sub_jobs harness.SubJobHandle[] One per sub-job, in order; empty when there are none.

---What `expect(value)` returns. Call its functions with a dot: `expect(x).equals(y)`.
---@class harness.Expectation
local Expectation = {}

---Passes when the value given to `expect` equals `expected`: tables deeply, anything else with `==`
---(`1` equals `1.0`; `nil` is not `null`). Raises a `harness.Failure` (type "expectation") otherwise.
---Tables nested deeper than 64 levels or cyclic raise a script error ("cyclic table at /self").
---@param expected any
function Expectation.equals(expected) end

---Passes when the value differs from `unexpected` (compared as `equals` compares).
---@param unexpected any
function Expectation.not_equals(unexpected) end

---Passes when the value is a string that matches the Lua pattern (`string.find`): `"^%d+$"`.
---A malformed pattern is a script error.
---@param pattern string
function Expectation.matches(pattern) end

---Passes when the value holds `part`: a string holds a substring (plain, not a pattern); a list holds an
---element equal to `part`, or, when `part` is a table, an element that has every key of `part` with an equal
---value; any other table has every key of `part` with an equal value (a subset).
---@param part any
function Expectation.contains(part) end

---Passes when the value is a number >= `low`.
---@param low number
function Expectation.at_least(low) end

---Passes when the value is a number <= `high`.
---@param high number
function Expectation.at_most(high) end

---Passes when the value is a number with `low` <= value <= `high`.
---@param low number
---@param high number
function Expectation.between(low, high) end

---Passes when the value is a number within `tolerance` of `target`: |value - target| <= tolerance.
---@param target number
---@param tolerance number >= 0
function Expectation.near(target, tolerance) end

---Passes when the value has the type: a Lua type name, "integer" or "float" for the two kinds of number, or
---"null" for JSON null.
---@param name "nil"|"boolean"|"number"|"integer"|"float"|"string"|"table"|"function"|"null"
function Expectation.has_type(name) end

---Passes when the value is a table with `key` (a string or an integer, read raw); a string starting with "/"
---is a JSON pointer instead ("/tasks/0/task_id": list items count from 0), and passes when something (null
---included) is there.
---@param key string|integer
function Expectation.has(key) end

---Passes when the value conforms to `fixtures/<schema>.schema.json`. A response table is checked by its raw
---body; any other value by its JSON form. Raises a `harness.Failure` (type "schema", or "fixture" when the
---schema file is missing or broken) otherwise.
---@param schema string e.g. "sdrs/job_status"
function Expectation.conforms(schema) end

---Defines a test case. Titles must be non-empty and unique within the file; call at the top level only.
---@param title string The JUnit test name.
---@param fn fun()|{tags: string[]} The body of the case; or options ({ tags = {...} }) followed by the body.
---@param body? fun() The body, when the second argument is the options.
function case(title, fn, body) end

---In a world file of `harness serve` (docs/serve.md), not in a scenario: defines a check that runs after the
---client command ended, against the live world (read its journal with `fake.requests`). Titles must be
---non-empty and unique within the file; call at the top level only.
---@param title string The JUnit test name.
---@param fn fun() The body of the check; `expect` fails it as it fails a case.
function check(title, fn) end

---Starts an assertion on `value` (which may be nil, but must be given). With a `label`, failure messages read
---"file:line: label: expected ..., got ...", so the rows of a table-driven check tell themselves apart.
---@param value any
---@param label? string
---@return harness.Expectation
function expect(value, label) end

---Runs `fn`, collecting every failed expectation in it instead of stopping at the first; then, if any failed,
---fails once (one report failure) listing each "file:line: expected ..., got ...". Script and transport
---errors still stop it at once. Inside `fn`, failed expectations are not raised, so `pcall` sees none.
---@param fn fun()
function soft(fn) end

---Loads the module `lib/<name>.lua` of the scenarios root (the nearest folder at or above the scenario's own
---that holds lib/; dots are subfolders: "kps.auth" is lib/kps/auth.lua), once per file, in the same sandbox and
---under the same limits, and returns what it returns (true when nothing). `harness run` never runs a file under
---lib/ as a scenario.
---@param name string e.g. "paging"
---@return any
function require(name) end

---Loads `fixtures/<name>.json` as a Lua value (JSON null is `null`). Raises a script error when the file is
---missing or not JSON.
---@param name string e.g. "sdrs/job_status.example"
---@return any
function fixture(name) end

---Writes the arguments, tab-separated, as one line of the running case's output (the report's system-out).
---Output at the top level of the file is discarded.
---@param ... any
function print(...) end

---Stands for JSON null in response bodies, fixtures and request bodies. It is not nil.
---@type lightuserdata
null = nil

---Stands for JSON `[]` in request, fault and `equals` values: `{}` is always an object. It equals an empty table
---(JSON `[]` arrives in Lua as one).
---@type lightuserdata
empty_array = nil

---The default project id ("0605767d5d00d5762fd3c00d0b24be3d"), used when `fake.job` is given none.
---@type string
project_id = ""

---HTTP requests to the scenario's fake server.
http = {}

---Sends a GET. Returns the response for any status; raises a `harness.TransportError` when the connection
---fails, and a script error for a bad path or option.
---@param path string Must start with "/"; may carry a query string.
---@param opts? harness.RequestOptions
---@return harness.Response
function http.get(path, opts) end

---Sends a request with any method (upper-cased before sending). Returns the response for any status; raises a
---`harness.TransportError` when the connection fails, and a script error for a bad path or option.
---@param method string e.g. "DELETE"
---@param path string Must start with "/"; may carry a query string.
---@param opts? harness.RequestOptions
---@return harness.Response
function http.request(method, path, opts) end

---The fake server's world. It is reset to what the file's top level set up before every case.
fake = {}

---Adds a job with a timeline to the world. Raises a script error naming the wrong field.
---@param spec harness.JobSpec
---@return harness.JobHandle
function fake.job(spec) end

---A row of SDRS failed tasks (GET /v1/{project_id}/task-center/failure-jobs). Every field is optional.
---@class harness.FailureJobSpec
---@field project_id? string
---@field server_group_id? string the protection group the row belongs to
---@field resource_type? "server_groups"|"protected_instances"|"replications"|"disaster_recovery_drills"|string documented values, or any string (served as given)
---@field group_level? boolean listed without a filter; default: resource_type is "server_groups"
---@field resource_id? string
---@field resource_name? string
---@field failure_status? "createFail"|"deleteFail"|"attachFail"|"detachFail"|"expandFail"|"resizeFail"|"startFail"|"stopFail"|"reverseFail"|"failoverFail"|"reprotectFail"|string
---@field job_id? string also the id that deletes the row
---@field job_type? string
---@field begin_time? string
---@field error_code? string
---@field fail_reason? string
---@field extra? table fields merged into the row as given

---Adds an SDRS failed task; returns the row as listed, plus server_group_id and project_id.
---@param row harness.FailureJobSpec
---@return table
function fake.failure_job(row) end

---A KPS key-pair task. FAILED_* tasks are listed by /failed-tasks, RUNNING_* by /running-tasks.
---@class harness.KpsTaskSpec
---@field project_id? string
---@field task_id? string
---@field operate_type? "FAILED_RESET"|"FAILED_REPLACE"|"FAILED_UNBIND"|"RUNNING_RESET"|"RUNNING_REPLACE"|"RUNNING_UNBIND"|"READY_RESET"|"READY_REPLACE"|"READY_UNBIND"|"SUCCESS_RESET"|"SUCCESS_REPLACE"|"SUCCESS_UNBIND"|string FAILED_* are listed as failed, RUNNING_* as running (unless `listed`); all answer /tasks/{task_id}
---@field listed? "failed"|"running"|"none" the list that shows it, whatever its operate_type
---@field task_time? string epoch milliseconds as a string
---@field task_error_code? string
---@field task_error_msg? string
---@field server_name? string
---@field server_id? string
---@field keypair_name? string
---@field extra? table fields merged into the task as given

---Adds a KPS task; returns it as the lists show it, plus project_id.
---@param task harness.KpsTaskSpec
---@return table
function fake.kps_task(task) end

---What a world changes of a service (sdrs, kps, vbs, or a declared endpoint's service).
---@class harness.ServiceOptions
---@field require_auth? boolean answer 401 without X-Auth-Token or an AK/SK signature (default: KPS only)
---@field min_limit? integer the lists' lowest `limit` (default 0)
---@field max_limit? integer the lists' highest `limit` (default 1000)
---@field errors? table<integer, {code: string, message: string}> the code and message per status, over statuses.json

---Chooses a reading where the pages contradict themselves (fixtures/CONTRADICTIONS.md), headers on every answer,
---and services' behaviour.
---@param options {sdrs_count?: "total"|"page", sdrs_errors?: "error"|"wrapper", headers?: table<string, string>, services?: table<string, harness.ServiceOptions>}
function fake.options(options) end

---One answer of a declared endpoint. In the body's strings and the headers' values, {name} is the path's value,
---{query.NAME} the query's, {now} the world's time, {id} a fresh id.
---@class harness.DeclaredAnswer
---@field status? integer default 200
---@field headers? table<string, string>
---@field body? table|string a table is sent as JSON, a string as it is; none: no body
---@field content_type? string default application/json

---An endpoint the fake does not know.
---@class harness.EndpointSpec
---@field method? string default "GET"
---@field path string a template: "/v1/{project_id}/cloudservers/{server_id}"
---@field service? string its name in coverage, and whose options and error shape it takes (default "declared")
---@field answers? harness.DeclaredAnswer[] advance per request for each value of the path's parameters; the last stays
---@field handler? fun(req: harness.HandlerRequest): harness.DeclaredAnswer instead of answers: a Lua function answers each request

---What a handler of fake.endpoint gets for a request.
---@class harness.HandlerRequest
---@field method string
---@field path string without the query
---@field target string path and query as sent
---@field params table<string, string> the path's values by name, percent-decoded
---@field query table<string, string> the first value of each name, decoded
---@field headers table<string, string> lower-case names
---@field body string as sent
---@field json? any the body decoded; nil when it is not JSON

---Declares an endpoint; it wins over a built-in one on the same method and path. Returns {method, path, service}.
---@param spec harness.EndpointSpec
---@return {method: string, path: string, service: string}
function fake.endpoint(spec) end

---A fault: which requests it answers, when, and how. The first fault that matches and whose schedule fires answers
---the request; give exactly one of status, reset, close, hang, truncate, malformed, drip (delay combines with any).
---@class harness.FaultSpec
---@field match? {method?: string, path?: string, query?: table<string, string>, headers?: table<string, string>} the request's conditions (headers: the request's)
---@field method? string shorthand of match.method: "GET", "DELETE", ... (any when left out)
---@field path? string shorthand of match.path: '*' matches within one segment, '**' across segments ("/v1/*/jobs/*"); never a '?'
---@field query? table<string, string> shorthand of match.query: parameters that must be present with these values
---@field headers? table<string, string> added to the fault's answer (Retry-After, ...)
---@field times? integer at most this many times
---@field nth? integer only the nth matching request
---@field every? integer every k-th matching request
---@field after? integer only after this many matching requests
---@field probability? number 0..1, drawn from the run's seeded generator
---@field status? integer 400..599 with the endpoint's documented error body
---@field body? string|table replaces the documented error body (with status)
---@field code? string replaces the default error code (with status)
---@field message? string replaces the default error message (with status)
---@field content_type? string for a given body (default application/json)
---@field delay? number seconds before answering
---@field reset? boolean RST instead of an answer
---@field close? boolean close without answering
---@field hang? boolean send status line and headers, then nothing
---@field truncate? integer body bytes sent before closing (Content-Length promises more)
---@field malformed? boolean a body that is not valid JSON
---@field drip? {bytes?: integer, interval?: number} the answer a few bytes at a time

---Adds a fault; returns its number (journal entries it answered carry it as `fault`).
---@param spec harness.FaultSpec
---@return integer
function fake.fault(spec) end

---A request the fake received.
---@class harness.JournalEntry
---@field method string
---@field path string
---@field query string the raw query string, "" when none
---@field params table<string, string> the query's parameters, decoded (a repeated name keeps its first value)
---@field headers table<string, string> lower-case names
---@field body string
---@field time number seconds on the world's clock
---@field status integer what was answered; 0 when nothing was (reset, close)
---@field fault? integer the number of the fault that answered it

---The journal: every request the fake received in this case, oldest first; the filter's conditions all hold.
---The list's `dropped` field counts entries given up to stay within the journal's bound.
---@param filter? {method?: string, path?: string, query?: table<string, string>, status?: integer, fault?: integer}
---@return harness.JournalEntry[]
function fake.requests(filter) end

---The world's virtual clock: begins at 0 in every case and moves only when advanced.
fake.clock = {}

---Moves the clock forward.
---@param seconds number
function fake.clock.advance(seconds) end

---Seconds since the clock started.
---@return number
function fake.clock.now() end
