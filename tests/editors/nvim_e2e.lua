-- Headless Neovim end-to-end test of `newslint lsp` through the editors/neovim plugin.
--
-- usage (works with Neovim 0.7 and 0.11):
--   NEWSLINT_PY=.venv/bin/python ARTICLE=article.md OUT_JSON=out.json ACTION_CODE=CODE \
--     timeout 60 nvim --headless -u NONE -i NONE -c 'luafile tests/editors/nvim_e2e.lua' -c 'cquit 3'
--
-- exit status: 0 ok, 2 lua error / timeout (OUT_JSON then has an "error" field),
--              3 the script itself failed to load (the trailing -c 'cquit 3').
--
-- env:
--   NEWSLINT_PY       python that has newslint installed (server: $NEWSLINT_PY -m newslint lsp)
--   NEWSLINT_CMD      optional: the server's argv as a JSON list (instead of NEWSLINT_PY)
--   ARTICLE           file to open (.md -> markdown, anything else -> text)
--   OUT_JSON          where to write the result
--   ACTION_CODE       optional: request code actions at the first diagnostic with this
--                     `code`, apply the first action's edit, wait for the republish
--   NEWSLINT_SETTINGS optional: JSON object of server settings passed to setup{settings=...}
--   NEWSLINT_MODE     optional: plugin mode ("auto", "config", "start", "start_client")
--   NEWSLINT_TIMEOUT_MS optional: per-wait timeout (default 15000)
--   EXPECT_CODE       optional: wait, without editing, until a diagnostic with this code is
--                     shown (workspace findings are published when a file opens)
--   ADD_WORD_CODE     optional: at the first diagnostic with this code, run the code action
--                     "Add ... to the project dictionary" (its command), then wait, without
--                     editing, until no diagnostic with this code is shown
--
-- OUT_JSON (on success):
--   nvim, mode, offset_encoding, uri,
--   diagnostics         raw LSP diagnostics of the last push before the action (ranges in
--                       offset_encoding units, exactly as the server sent them)
--   nvim_diagnostics    the same as Neovim shows them (0-based byte columns)
--   publish_count       pushes received for the file before the action
--   action              { title, kind, edit } or nil when ACTION_CODE is unset
--   diagnostics_after   raw LSP diagnostics of the republish after the edit
--   lines_before, lines_after   buffer lines
--   all_namespaces_count  diagnostics in every namespace (push + pull), for the dup check
--   expect              { seen, changedtick_same } when EXPECT_CODE is set
--   add_word            { title, command, result, cleared, changedtick_same, codes_after }
--                       when ADD_WORD_CODE is set

local function getenv(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    return default
  end
  return v
end

local out_json = getenv("OUT_JSON", "nvim_e2e.json")
local timeout = tonumber(getenv("NEWSLINT_TIMEOUT_MS", "15000"))

local function finish(code, result)
  local f = assert(io.open(out_json, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("cquit " .. code) -- :cquit N exits with status N
end

local state = { stage = "start" } -- partial results, written out on error too

local ok, err = pcall(function()
  local py = getenv("NEWSLINT_PY", "python3")
  local article = assert(getenv("ARTICLE"), "ARTICLE is not set")
  local action_code = getenv("ACTION_CODE")

  -- load the plugin from <repo>/editors/neovim (this file is <repo>/tests/editors/nvim_e2e.lua)
  local this = debug.getinfo(1, "S").source:gsub("^@", "")
  local repo = vim.fn.fnamemodify(this, ":p:h:h:h")
  vim.opt.runtimepath:append(getenv("NEWSLINT_NVIM_PLUGIN", repo .. "/editors/neovim"))

  local raw = {} -- every publishDiagnostics params received, in order
  local settings = nil
  if getenv("NEWSLINT_SETTINGS") then
    settings = vim.fn.json_decode(getenv("NEWSLINT_SETTINGS"))
  end

  local newslint = require("newslint")
  local cmd = { py, "-m", "newslint", "lsp" }
  if getenv("NEWSLINT_CMD") then
    cmd = vim.fn.json_decode(getenv("NEWSLINT_CMD"))
  end
  newslint.setup({
    cmd = cmd,
    settings = settings,
    mode = getenv("NEWSLINT_MODE", "auto"),
    handlers = {
      ["textDocument/publishDiagnostics"] = function(...)
        local _, result = ...
        if result then
          table.insert(raw, result)
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(...)
      end,
      -- nvim >= 0.10 pulls (textDocument/diagnostic) and the server then does not push:
      -- record pulled reports the same way, as {uri, diagnostics}
      ["textDocument/diagnostic"] = function(err, result, ctx, config)
        if result and result.items and ctx and ctx.params and ctx.params.textDocument then
          table.insert(raw, { uri = ctx.params.textDocument.uri, diagnostics = result.items, pulled = true })
        end
        return vim.lsp.diagnostic.on_diagnostic(err, result, ctx, config)
      end,
    },
  })
  state.mode = newslint.mode

  vim.cmd("edit " .. vim.fn.fnameescape(article))
  local bufnr = vim.api.nvim_get_current_buf()
  if not vim.tbl_contains({ "text", "markdown" }, vim.bo[bufnr].filetype) then
    -- -u NONE may leave filetype detection off; FileType then starts the server
    vim.bo[bufnr].filetype = article:match("%.md$") and "markdown"
      or article:match("%.markdown$") and "markdown"
      or "text"
  end
  local uri = vim.uri_from_bufnr(bufnr)
  state.uri = uri
  state.lines_before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

  state.stage = "attach"
  local client
  assert(
    vim.wait(timeout, function()
      client = newslint.get_clients(bufnr)[1]
      return client ~= nil
    end, 20),
    "the newslint client did not attach to " .. article
  )
  local client_id = client.id

  local function pushes()
    local list = {}
    for _, r in ipairs(raw) do
      if r.uri == uri then
        table.insert(list, r)
      end
    end
    return list
  end
  -- every namespace (push and pull): the server pushes only to clients that do not pull,
  -- so each finding must be shown once; a duplicate makes the counts below disagree.
  local function shown()
    return vim.diagnostic.get(bufnr)
  end
  local function code_of(d)
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then
      code = d.user_data.lsp.code
    end
    return code ~= nil and tostring(code) or nil
  end
  local function find_code(diags, code)
    code = code or action_code
    for _, d in ipairs(diags or {}) do
      if code_of(d) == code then
        return d
      end
    end
    return nil
  end

  -- 1. push diagnostics after didOpen (and the code we want, when asked)
  state.stage = "diagnostics"
  local got = vim.wait(timeout, function()
    local p = pushes()
    local last = p[#p]
    if not last or #shown() ~= #(last.diagnostics or {}) then
      return false
    end
    return action_code == nil or find_code(last.diagnostics) ~= nil
  end, 20)
  -- offset_encoding is only negotiated after initialize: read it now, not earlier
  -- (0.11 reports the default utf-16 until then).
  client = vim.lsp.get_client_by_id(client_id)
  state.offset_encoding = client and client.offset_encoding
  local before = pushes()
  state.publish_count = #before
  state.diagnostics = before[#before] and before[#before].diagnostics or {}
  state.nvim_diagnostics = {}
  for _, d in ipairs(shown()) do
    table.insert(state.nvim_diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      code = d.code,
      message = d.message,
      severity = d.severity,
      source = d.source,
    })
  end
  if not got then
    if #before == 0 then
      error("no diagnostics were published for " .. uri)
    end
    error("no diagnostic with code " .. tostring(action_code) .. " was published")
  end

  -- the code actions offered at one raw LSP diagnostic
  local function code_actions(diag)
    local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
      textDocument = { uri = uri },
      range = diag.range,
      context = { diagnostics = { diag } },
    }, timeout)
    local response = responses and responses[client_id]
    assert(response, "no codeAction response from the newslint client")
    assert(not response.err, "codeAction failed: " .. vim.inspect(response.err))
    return response.result or {}
  end

  -- 1b. a finding that comes without any edit (workspace findings on open)
  local expect_code = getenv("EXPECT_CODE")
  if expect_code then
    state.stage = "expect"
    local tick = vim.api.nvim_buf_get_var(bufnr, "changedtick")
    local seen = vim.wait(timeout, function()
      return find_code(shown(), expect_code) ~= nil
    end, 20)
    state.expect = { seen = seen, changedtick_same = vim.api.nvim_buf_get_var(bufnr, "changedtick") == tick }
    assert(seen, "no diagnostic " .. expect_code .. " was shown without an edit")
  end

  -- 1c. "Add to dictionary": the squiggle goes without another edit
  local add_code = getenv("ADD_WORD_CODE")
  if add_code then
    state.stage = "add_word"
    local p = pushes()
    local diag = find_code(p[#p] and p[#p].diagnostics, add_code)
    assert(diag, "no diagnostic with code " .. add_code .. " to add to the dictionary")
    local add = nil
    for _, a in ipairs(code_actions(diag)) do
      if a.title:match("^Add ") then
        add = a
        break
      end
    end
    assert(add, "no add-to-dictionary action for " .. add_code)
    local command = type(add.command) == "table" and add.command or add
    local tick = vim.api.nvim_buf_get_var(bufnr, "changedtick")
    local done = vim.lsp.buf_request_sync(bufnr, "workspace/executeCommand", {
      command = command.command,
      arguments = command.arguments,
    }, timeout)
    local res = done and done[client_id]
    state.add_word = { title = add.title, command = command.command, result = res and res.result }
    local cleared = vim.wait(timeout, function()
      return find_code(shown(), add_code) == nil
    end, 20)
    state.add_word.cleared = cleared
    state.add_word.changedtick_same = vim.api.nvim_buf_get_var(bufnr, "changedtick") == tick
    state.add_word.codes_after = {}
    for _, d in ipairs(shown()) do
      table.insert(state.add_word.codes_after, code_of(d))
    end
    assert(cleared, "the " .. add_code .. " diagnostic stayed after add to dictionary")
  end

  -- 2. code action at the first diagnostic with ACTION_CODE, apply its edit
  if action_code then
    state.stage = "code_action"
    local diag = find_code(state.diagnostics)
    local actions = code_actions(diag)
    assert(#actions > 0, "no code actions offered for " .. action_code)
    local action = actions[1]
    if action.edit == nil then
      -- a lazily resolved action (codeAction/resolve)
      local caps = client.server_capabilities or {}
      local cap = caps.codeActionProvider
      if type(cap) == "table" and cap.resolveProvider then
        local resolved = vim.lsp.buf_request_sync(bufnr, "codeAction/resolve", action, timeout)
        local r = resolved and resolved[client_id]
        if r and r.result then
          action = r.result
        end
      end
    end
    assert(action.edit, "the first code action has no edit: " .. vim.inspect(action))
    state.action = vim.deepcopy({ title = action.title, kind = action.kind, edit = action.edit })

    local n = #pushes()
    vim.lsp.util.apply_workspace_edit(action.edit, state.offset_encoding)
    state.lines_after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

    -- 3. the edit is sent as didChange; wait for the server to republish
    state.stage = "republish"
    assert(
      vim.wait(timeout, function()
        local p = pushes()
        return #p > n and #shown() == #(p[#p].diagnostics or {})
      end, 20),
      "no diagnostics were republished after the edit"
    )
    local after = pushes()
    state.diagnostics_after = after[#after].diagnostics or {}
  end

  state.stage = "done"
  state.lines_after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  state.all_namespaces_count = #vim.diagnostic.get(bufnr)
  local v = vim.version()
  state.nvim = v.major .. "." .. v.minor .. "." .. v.patch
  state.client_name = client and client.name

  vim.lsp.stop_client(client_id)
  vim.wait(3000, function()
    return vim.lsp.client_is_stopped(client_id)
  end, 20)
  finish(0, state)
end)

if not ok then
  state.error = tostring(err)
  local v = vim.version()
  state.nvim = v.major .. "." .. v.minor .. "." .. v.patch
  finish(2, state)
end
