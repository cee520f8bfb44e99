// VS Code client for the newslint language server (`newslint lsp`, pygls over stdio).
//
// - starts the server from the `newslint.server.command` argv (client-side setting);
// - checks the files of newslint projects only: those matching the `include` globs of a
//   newslint config (newslint.toml, .newslint.toml, pyproject.toml [tool.newslint]), or the
//   `newslint.include` setting (see selector.ts) -- not every Markdown file of every project;
// - passes the server settings as initializationOptions and answers the server's
//   `workspace/configuration` requests for section "newslint" with the flat keys the
//   server reads (see SERVER_KEYS);
// - shows a status-bar item with the number of newslint diagnostics in the active editor.
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { CONFIG_FILES, includeFromConfig, selectorEntries, SelectorEntry } from "./selector";
import {
  CloseAction,
  DocumentSelector,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

const SECTION = "newslint";
const DEFAULT_COMMAND = ["python3", "-m", "newslint", "lsp"];
const INSTALL_HINT = "pipx install /path/to/newslint   (a newslint checkout)";

/** Settings that the server reads (`newslint.<key>`); keep in sync with package.json
 * and newslint.server_settings.SETTING_KEYS. `server.command` is client-only. */
const SERVER_KEYS = [
  "select",
  "ignore",
  "severity",
  "dialect",
  "acceptWords",
  "languagetool.url",
  "languages",
  "debounceMs",
  "timeBudgetMs",
  "docsUrl",
] as const;

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let output: vscode.LogOutputChannel | undefined;
let statusItem: vscode.StatusBarItem | undefined;

/** The server settings for one scope, with flat keys ("languagetool.url", not nested). */
function serverSettings(scope?: vscode.ConfigurationScope | null): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope ?? undefined);
  const result: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    result[key] = config.get(key);
  }
  return result;
}

const CONFIG_GLOB = `**/{${CONFIG_FILES.join(",")}}`;
let selector: vscode.DocumentFilter[] = [];
let selectorEntriesNow: SelectorEntry[] | undefined; // undefined: not looked for yet

/** The newslint projects of the workspace: (folder, include globs). The `newslint.include`
 * setting, when set, applies to every workspace folder; otherwise each folder holding a
 * newslint config uses that config's include globs. */
async function findProjects(): Promise<{ folder: string; include: string[] }[]> {
  const setting = vscode.workspace.getConfiguration(SECTION).get<string[]>("include", []);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (Array.isArray(setting) && setting.length > 0) {
    return folders.map((f) => ({ folder: f.uri.fsPath, include: setting }));
  }
  const files = await vscode.workspace.findFiles(CONFIG_GLOB, "**/{node_modules,.git,.venv,venv}/**", 500);
  const byDir = new Map<string, vscode.Uri[]>();
  for (const uri of files) {
    const dir = path.dirname(uri.fsPath);
    byDir.set(dir, [...(byDir.get(dir) ?? []), uri]);
  }
  const projects: { folder: string; include: string[] }[] = [];
  for (const [dir, uris] of byDir) {
    // newslint reads the first of CONFIG_FILES that is a newslint config
    const ordered = [...uris].sort(
      (a, b) => CONFIG_FILES.indexOf(path.basename(a.fsPath) as never) - CONFIG_FILES.indexOf(path.basename(b.fsPath) as never),
    );
    for (const uri of ordered) {
      let text = "";
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      const include = includeFromConfig(uri.fsPath, text);
      if (include) {
        projects.push({ folder: dir, include });
        break;
      }
    }
  }
  return projects;
}

function toFilters(entries: SelectorEntry[]): vscode.DocumentFilter[] {
  return entries.map((e) => ({ scheme: e.scheme, pattern: new vscode.RelativePattern(e.base, e.pattern) }));
}

/** The same selector in the protocol's terms (a RelativePattern with a baseUri string). */
function toClientSelector(entries: SelectorEntry[]): DocumentSelector {
  return entries.map((e) => ({
    scheme: e.scheme,
    pattern: { baseUri: vscode.Uri.file(e.base).toString(), pattern: e.pattern },
  }));
}

function isChecked(document: vscode.TextDocument): boolean {
  return selector.length > 0 && vscode.languages.match(selector, document) > 0;
}

function serverCommand(): string[] {
  const argv = vscode.workspace
    .getConfiguration(SECTION)
    .get<string[]>("server.command", DEFAULT_COMMAND);
  if (!Array.isArray(argv) || argv.length === 0 || argv.some((a) => typeof a !== "string")) {
    return DEFAULT_COMMAND;
  }
  return argv;
}

/** Resolve an executable the way a shell would (absolute/relative path or PATH lookup). */
function findExecutable(command: string): string | undefined {
  const isFile = (p: string): boolean => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const exts =
    process.platform === "win32"
      ? ["", ...(process.env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";")]
      : [""];
  if (command.includes("/") || command.includes("\\")) {
    const base = path.resolve(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "", command);
    return exts.map((e) => base + e).find(isFile);
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const hit = exts.map((e) => path.join(dir, command + e)).find(isFile);
    if (hit) return hit;
  }
  return undefined;
}

async function showNotInstalled(argv: string[], detail: string): Promise<void> {
  const openSettings = "Open Settings";
  const showOutput = "Show Output";
  const copy = "Copy Install Command";
  const choice = await vscode.window.showErrorMessage(
    `newslint is not installed or could not be started (${detail}; command: ` +
      `\`${argv.join(" ")}\`). Install it with \`${INSTALL_HINT}\`, ` +
      "or set `newslint.server.command` to the command that runs `newslint lsp`.",
    openSettings,
    copy,
    showOutput,
  );
  if (choice === openSettings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "newslint.server.command");
  } else if (choice === copy) {
    await vscode.env.clipboard.writeText(INSTALL_HINT);
  } else if (choice === showOutput) {
    output?.show(true);
  }
}

function isNewslintDiagnostic(d: vscode.Diagnostic): boolean {
  return typeof d.source === "string" && d.source.toLowerCase().startsWith(SECTION);
}

function updateStatus(): void {
  if (!statusItem) return;
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isChecked(editor.document)) {
    statusItem.hide();
    return;
  }
  const running = client?.state === State.Running;
  const count = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter(isNewslintDiagnostic).length;
  if (!running) {
    statusItem.text = "$(circle-slash) newslint";
    statusItem.tooltip = "newslint language server is not running (click to open the Problems view)";
  } else if (count === 0) {
    statusItem.text = "$(check) newslint";
    statusItem.tooltip = "newslint: no problems in this document";
  } else {
    statusItem.text = `$(warning) newslint ${count}`;
    statusItem.tooltip = `newslint: ${count} problem${count === 1 ? "" : "s"} in this document (click to open the Problems view)`;
  }
  statusItem.show();
}

function buildClient(argv: string[]): LanguageClient {
  const serverOptions: ServerOptions = {
    command: argv[0],
    args: argv.slice(1),
    transport: TransportKind.stdio,
    options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
  };
  const documentSelector = toClientSelector(selectorEntriesNow ?? []);
  let restarts: number[] = [];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: serverSettings(),
    // Sends workspace/didChangeConfiguration when a newslint.* setting changes; the server
    // then pulls the new values with workspace/configuration (answered below).
    synchronize: { configurationSection: SECTION },
    initializationFailedHandler: () => false,
    errorHandler: {
      error: (_error, _message, count) => ({
        action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
      }),
      closed: () => {
        const now = Date.now();
        restarts = restarts.filter((t) => now - t < 3 * 60 * 1000);
        restarts.push(now);
        if (restarts.length > 4) {
          return {
            action: CloseAction.DoNotRestart,
            message:
              "The newslint language server crashed 5 times in the last 3 minutes and will " +
              "not be restarted. See the newslint output for details.",
          };
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
    middleware: {
      workspace: {
        // vscode-languageclient would answer section "newslint" with VS Code's nested view
        // ({ languagetool: { url } , server: { command } }); answer with the flat keys the
        // server documents instead, and leave out the client-only server.command.
        configuration: async (params, token, next) => {
          const fallback = await next(params, token);
          if (!Array.isArray(fallback)) return fallback;
          return params.items.map((item, i) => {
            if (item.section !== SECTION) return fallback[i];
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            return serverSettings(scope);
          });
        },
      },
    },
  };
  return new LanguageClient("newslint", "newslint", serverOptions, clientOptions);
}

async function startClient(): Promise<void> {
  if (client || starting) return starting;
  if (selector.length === 0) return;
  const argv = serverCommand();
  if (!findExecutable(argv[0])) {
    output?.error(`cannot start the server: ${argv[0]} not found (command: ${argv.join(" ")})`);
    void showNotInstalled(argv, `\`${argv[0]}\` was not found`);
    updateStatus();
    return;
  }
  const c = buildClient(argv);
  client = c;
  c.onDidChangeState(() => updateStatus());
  starting = (async () => {
    try {
      await c.start();
    } catch (error) {
      output?.error(`cannot start the server: ${String(error)}`);
      if (client === c) client = undefined;
      try {
        await c.dispose(2000);
      } catch {
        // already dead
      }
      void showNotInstalled(argv, "the language server exited during start-up");
    } finally {
      starting = undefined;
      updateStatus();
    }
  })();
  return starting;
}

async function stopClient(): Promise<void> {
  if (starting) {
    await starting;
  }
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(2000);
    } catch {
      // the server may already be gone
    }
  }
  updateStatus();
}

async function lookForProjects(): Promise<boolean> {
  const entries = selectorEntries(await findProjects());
  const changed = JSON.stringify(entries) !== JSON.stringify(selectorEntriesNow);
  selectorEntriesNow = entries;
  selector = toFilters(entries);
  if (entries.length === 0) {
    output?.info(
      "no newslint project in this workspace (no newslint.toml, .newslint.toml or pyproject.toml " +
        "with [tool.newslint], and the newslint.include setting is empty): nothing to check",
    );
  }
  return changed;
}

/** Start the server once a document that newslint checks is open. */
async function maybeStart(document?: vscode.TextDocument): Promise<void> {
  if (selectorEntriesNow === undefined) await lookForProjects();
  const docs = document ? [document] : vscode.workspace.textDocuments;
  if (docs.some(isChecked)) await startClient();
  updateStatus();
}

/** The files to check changed (a config's include, the setting): a new client, a new selector. */
async function restartIfSelectionChanged(): Promise<void> {
  if (!(await lookForProjects())) return;
  await stopClient();
  await maybeStart();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("newslint", { log: true });
  statusItem = vscode.window.createStatusBarItem("newslint.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "newslint";
  statusItem.command = "workbench.actions.view.problems";
  context.subscriptions.push(output, statusItem);
  const configWatcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);

  context.subscriptions.push(
    vscode.commands.registerCommand("newslint.restartServer", async () => {
      await stopClient();
      await lookForProjects();
      await startClient();
    }),
    vscode.commands.registerCommand("newslint.showOutput", () => output?.show(true)),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!client && !starting) void maybeStart(doc);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("newslint.include")) {
        await restartIfSelectionChanged();
      } else if (e.affectsConfiguration("newslint.server.command")) {
        // the argv is fixed per client: restart.
        const wasRunning = client !== undefined;
        await stopClient();
        if (wasRunning) await startClient();
        else await maybeStart();
      }
      updateStatus();
    }),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    configWatcher,
    configWatcher.onDidCreate(() => void restartIfSelectionChanged()),
    configWatcher.onDidChange(() => void restartIfSelectionChanged()),
    configWatcher.onDidDelete(() => void restartIfSelectionChanged()),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    { dispose: () => void stopClient() },
  );

  updateStatus();
  await maybeStart();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
