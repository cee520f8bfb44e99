-- newslint for Neovim: starts the newslint language server (`newslint lsp`) for
-- text and markdown buffers.
--
--   require("newslint").setup{
--     cmd = { "newslint", "lsp" },
--     filetypes = { "text", "markdown" },
--     settings = { dialect = "en_GB", ignore = { "CODE" } },   -- the server's keys
--     root_markers = { "newslint.toml", "pyproject.toml", ".git" },
--   }
--
-- Neovim >= 0.11: vim.lsp.config + vim.lsp.enable.
-- Neovim 0.8 - 0.10: a FileType autocmd calling vim.lsp.start.
-- Neovim 0.7: vim.lsp.start_client + vim.lsp.buf_attach_client.
--
-- `settings` holds the server keys (select, ignore, severity, dialect, acceptWords,
-- ["languagetool.url"], languages, debounceMs). They are sent as init_options and as
-- `settings = { newslint = ... }`, which Neovim uses to answer the server's
-- workspace/configuration request for the "newslint" section.
local M = {}

M.name = "newslint"

M.defaults = {
  cmd = { "newslint", "lsp" },
  filetypes = { "text", "markdown" },
  settings = {},
  root_markers = { "newslint.toml", "pyproject.toml", ".git" },
  -- Optional: init_options (default: the settings), on_attach, capabilities,
  -- handlers, cmd_env, single_file_support (default true: start even without a root
  -- marker, using the file's directory as the root).
  -- mode = "auto" | "config" (0.11+) | "start" (0.8+) | "start_client" (0.7+): which
  -- Neovim API to use; "auto" picks the newest available. For tests and debugging.
  mode = "auto",
}

M.config = nil -- the merged options of the last setup() call
M.mode = nil -- the mode the last setup() call used

local function has(feature)
  return vim.fn.has(feature) == 1
end

local function notify(msg, level)
  vim.schedule(function()
    vim.notify("newslint: " .. msg, level or vim.log.levels.WARN)
  end)
end

-- Normalise the user's settings to the flat keys the server reads.
--   { newslint = {...} }            -> unwrapped
--   languagetool = { url = "..." }  -> ["languagetool.url"] = "..."
local function normalize_settings(settings)
  settings = vim.deepcopy(settings or {})
  if type(settings.newslint) == "table" and vim.tbl_count(settings) == 1 then
    settings = settings.newslint
  end
  if type(settings.languagetool) == "table" then
    if settings["languagetool.url"] == nil then
      settings["languagetool.url"] = settings.languagetool.url
    end
    settings.languagetool = nil
  end
  if next(settings) == nil then
    return vim.empty_dict() -- sent as {} rather than []
  end
  return settings
end

-- Upward search for a root marker, starting at `path` (a file or a directory).
-- Plain libuv so that it works on 0.7 (no vim.fs).
local function find_root(path, markers)
  if path == nil or path == "" then
    return nil
  end
  local uv = vim.loop
  local dir = vim.fn.fnamemodify(path, ":p")
  local stat = uv.fs_stat(dir)
  if not stat or stat.type ~= "directory" then
    dir = vim.fn.fnamemodify(path, ":p:h")
  end
  dir = dir:gsub("(.)/$", "%1")
  while dir and dir ~= "" do
    for _, marker in ipairs(markers or {}) do
      if uv.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return nil
end
M._find_root = find_root

local function root_for_buffer(bufnr, opts)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return opts.single_file_support ~= false and vim.fn.getcwd() or nil
  end
  local root = find_root(name, opts.root_markers)
  if root then
    return root
  end
  if opts.single_file_support == false then
    return nil
  end
  return vim.fn.fnamemodify(name, ":p:h")
end

local function pick_mode(mode)
  if mode and mode ~= "auto" then
    return mode
  end
  if has("nvim-0.11") and vim.lsp.config and vim.lsp.enable then
    return "config"
  elseif has("nvim-0.8") and vim.lsp.start then
    return "start"
  end
  return "start_client"
end

local warned_missing = false
local function check_executable(cmd)
  if warned_missing or type(cmd[1]) ~= "string" then
    return
  end
  if vim.fn.executable(cmd[1]) ~= 1 then
    warned_missing = true
    notify(
      ("cannot find `%s` (server command: %s). Install newslint with `pipx install /path/to/newslint` (a checkout)"
        .. " or pass cmd = {...} to require('newslint').setup()."):format(cmd[1], table.concat(cmd, " "))
    )
  end
end

-- The client config shared by all modes (root_dir is added per buffer where needed).
local function client_config(opts)
  local settings = normalize_settings(opts.settings)
  return {
    name = M.name,
    cmd = opts.cmd,
    cmd_env = opts.cmd_env,
    filetypes = opts.filetypes,
    -- answers workspace/configuration { section = "newslint" }
    settings = { [M.name] = settings },
    init_options = opts.init_options ~= nil and normalize_settings(opts.init_options) or settings,
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
    handlers = opts.handlers,
  }
end

local function buf_filetype(bufnr)
  return vim.api.nvim_buf_get_option(bufnr, "filetype")
end

local function buf_is_candidate(bufnr, opts)
  return vim.api.nvim_buf_is_valid(bufnr)
    and vim.api.nvim_buf_get_option(bufnr, "buftype") == ""
    and vim.tbl_contains(opts.filetypes, buf_filetype(bufnr))
end

-- Run `attach` on FileType for our filetypes, and now for buffers already loaded.
local function on_filetypes(opts, attach)
  local group = vim.api.nvim_create_augroup("newslint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes,
    desc = "newslint: start/attach the language server",
    callback = function(args)
      if buf_is_candidate(args.buf, opts) then
        attach(args.buf)
      end
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and buf_is_candidate(bufnr, opts) then
      attach(bufnr)
    end
  end
end

-- 0.8 - 0.10 (also works later): vim.lsp.start reuses the client with the same name
-- and root_dir.
local function setup_start(opts)
  on_filetypes(opts, function(bufnr)
    local root = root_for_buffer(bufnr, opts)
    if not root then
      return
    end
    local cfg = client_config(opts)
    cfg.root_dir = root
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(cfg, { bufnr = bufnr })
    end)
  end)
end

-- 0.7: one vim.lsp.start_client per root directory + vim.lsp.buf_attach_client.
local clients_by_root = {}
local function setup_start_client(opts)
  clients_by_root = {}
  on_filetypes(opts, function(bufnr)
    local root = root_for_buffer(bufnr, opts)
    if not root then
      return
    end
    local id = clients_by_root[root]
    if id and (vim.lsp.client_is_stopped(id) or not vim.lsp.get_client_by_id(id)) then
      id = nil
    end
    if not id then
      local cfg = client_config(opts)
      cfg.root_dir = root
      cfg.filetypes = nil
      id = vim.lsp.start_client(cfg)
      if not id then
        notify("failed to start the language server: " .. table.concat(opts.cmd, " "), vim.log.levels.ERROR)
        return
      end
      clients_by_root[root] = id
    end
    vim.lsp.buf_attach_client(bufnr, id)
  end)
end

-- >= 0.11: vim.lsp.config + vim.lsp.enable.
local function setup_config(opts)
  local cfg = client_config(opts)
  cfg.name = nil
  cfg.root_markers = opts.root_markers
  if opts.single_file_support == false then
    cfg.root_markers = nil
    cfg.root_dir = function(bufnr, on_dir)
      local root = find_root(vim.api.nvim_buf_get_name(bufnr), opts.root_markers)
      if root then
        on_dir(root) -- no marker: do not start
      end
    end
  end
  vim.lsp.config(M.name, cfg)
  vim.lsp.enable(M.name)
  -- vim.lsp.enable re-fires its FileType autocmd for open buffers only after VimEnter;
  -- when setup() runs earlier (init.lua, `-c`), attach the buffers already loaded.
  if vim.v.vim_did_enter ~= 1 then
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and buf_is_candidate(bufnr, opts) then
        pcall(vim.api.nvim_exec_autocmds, "FileType", { group = "nvim.lsp.enable", buffer = bufnr, modeline = false })
      end
    end
  end
end

function M.setup(user_opts)
  user_opts = user_opts or {}
  local opts = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), user_opts)
  -- lists and the settings table replace the defaults instead of merging with them
  for _, key in ipairs({ "cmd", "filetypes", "root_markers", "settings" }) do
    if user_opts[key] ~= nil then
      opts[key] = user_opts[key]
    end
  end
  if type(opts.cmd) ~= "table" or #opts.cmd == 0 then
    error("newslint.setup: cmd must be a non-empty list, e.g. { 'newslint', 'lsp' }")
  end
  M.config = opts
  M.mode = pick_mode(opts.mode)
  check_executable(opts.cmd)
  if M.mode == "config" then
    setup_config(opts)
  elseif M.mode == "start" then
    setup_start(opts)
  else
    setup_start_client(opts)
  end
  return M
end

--- The newslint clients (all of them, or those attached to `bufnr`).
function M.get_clients(bufnr)
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  local out = {}
  for _, c in ipairs(all) do
    if c.name == M.name and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, c.id)) then
      table.insert(out, c)
    end
  end
  return out
end

return M
