-- Shared by the list endpoints that page with limit and offset (KPS failed-tasks and running-tasks, SDRS
-- failure-jobs): an offset pager as clients write it, and the paging cases every such endpoint must pass.
-- A module (scenarios/lib/), not a scenario: `local paging = require("paging")`.
local paging = {}

-- Pages through `path` by `limit` until a page of `field` comes back empty (stops at 100 pages regardless).
-- Returns every row seen, in order, and how many requests it took.
function paging.walk(path, field, limit, opts)
  local rows, offset, requests = {}, 0, 0
  while requests < 100 do
    local res = http.get(("%s?limit=%d&offset=%d"):format(path, limit, offset), opts)
    requests = requests + 1
    expect(res.status).equals(200)
    local page = res.json[field]
    if #page == 0 then return rows, requests end
    for _, row in ipairs(page) do rows[#rows + 1] = row end
    offset = offset + #page
  end
  return rows, requests
end

-- Defines the paging cases of one endpoint. `spec`:
--   path, opts       the list's path and the request options (headers) it needs
--   schema           the fixture a page conforms to, e.g. "kps/failed_tasks"
--   items, total     the names of the page's list and of its count ("tasks", "total")
--   id               the name of a row's id ("task_id")
--   noun             what a row is, for the titles ("failed task")
--   add(n)           puts n rows in the world; returns their ids in the order they are listed
--   errors           the codes of a bad parameter: { limit = "SDRS.0221", offset = "SDRS.0222" }
--   bad_request(query, code)  expects that query to answer 400 with that code
--   max_limit        the largest limit (1000)
function paging.cases(spec)
  local function get(query)
    return http.get(spec.path .. (query and ("?" .. query) or ""), spec.opts)
  end
  local function list(query)
    local res = get(query)
    expect(res.status).equals(200)
    expect(res).conforms(spec.schema)
    return res.json
  end
  local function ids(body)
    local found = {}
    for i, row in ipairs(body[spec.items]) do found[i] = row[spec.id] end
    return found
  end
  local noun, total = spec.noun, spec.total

  case(("limit=0 answers an empty page and %s still counts every %s"):format(total, noun), function()
    spec.add(3)
    local body = list("limit=0")
    expect(body[total]).equals(3)
    expect(body[spec.items]).equals(empty_array)
  end)

  case(("limit=1 answers the first %s and %s counts every %s"):format(noun, total, noun), function()
    local added = spec.add(3)
    local body = list("limit=1")
    expect(body[total]).equals(3)
    expect(ids(body)).equals { added[1] }
  end)

  case(("limit=%d, the largest allowed, answers every %s"):format(spec.max_limit, noun), function()
    local added = spec.add(3)
    expect(ids(list("limit=" .. spec.max_limit))).equals(added)
  end)

  -- Table-driven: one case per row, the query in the title keeps the titles unique.
  for _, row in ipairs {
    { "limit", spec.max_limit + 1 }, { "limit", -1 }, { "limit", "abc" }, { "offset", -1 }, { "offset", "abc" },
  } do
    local query = row[1] .. "=" .. row[2]
    case(("%s answers 400 %s"):format(query, spec.errors[row[1]]), function()
      spec.bad_request(query, spec.errors[row[1]])
    end)
  end

  case("offset=0 is the same as no offset", function()
    spec.add(3)
    expect(list("offset=0")).equals(list())
  end)

  case(("offset=1&limit=1 answers the second %s"):format(noun), function()
    local added = spec.add(3)
    local body = list("offset=1&limit=1")
    expect(body[total]).equals(3)
    expect(ids(body)).equals { added[2] }
  end)

  case(("an offset past the end answers an empty %s array and %s still counts every %s"):format(spec.items, total,
    noun), function()
    spec.add(3)
    local res = get("offset=3")
    expect(res.status).equals(200)
    expect(res).conforms(spec.schema)
    expect(res.json[total]).equals(3)
    expect(res.body).contains(('"%s":[]'):format(spec.items))
  end)

  case(("an offset pager walks every %s once, in order, and stops at the empty page"):format(noun), function()
    local added = spec.add(5)
    local rows, requests = paging.walk(spec.path, spec.items, 2, spec.opts)
    local seen = {}
    for i, row in ipairs(rows) do seen[i] = row[spec.id] end
    expect(seen).equals(added)
    expect(requests).equals(4)
  end)
end

return paging
