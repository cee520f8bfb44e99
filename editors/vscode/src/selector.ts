// Which files the newslint extension checks: the project's include globs, not every Markdown
// file of every project.
//
// A folder is a newslint project when it holds a newslint config (newslint.toml,
// .newslint.toml, or pyproject.toml with a [tool.newslint] table); its files are checked when
// their name matches the config's `include` globs (default: *.txt, *.md, *.markdown), the
// same files `newslint check` reads. The `newslint.include` setting, when not empty, replaces
// this: its globs select files in every workspace folder, config or not.
//
// Pure functions (no `vscode` import), so the tests can run them with node.
import { parse } from "smol-toml";

/** newslint.config.CONFIG_FILES, in the order newslint looks for them. */
export const CONFIG_FILES = ["newslint.toml", ".newslint.toml", "pyproject.toml"] as const;
/** newslint.config.DEFAULT_INCLUDE. */
export const DEFAULT_INCLUDE = ["*.txt", "*.md", "*.markdown"] as const;

/** The include globs of a config file's text, or undefined when it is not a newslint config
 * (a pyproject.toml without [tool.newslint]). A file that does not parse counts as a newslint
 * config with the default globs: the server reports what is wrong with it. */
export function includeFromConfig(fileName: string, text: string): string[] | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const isPyproject = base === "pyproject.toml";
  if (isPyproject && !text.includes("[tool.newslint")) return undefined;
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch {
    return [...DEFAULT_INCLUDE];
  }
  let table: unknown = data;
  if (isPyproject) {
    const tool = data.tool as Record<string, unknown> | undefined;
    table = tool?.newslint;
    if (table === undefined) return undefined;
  }
  const include = (table as Record<string, unknown> | undefined)?.include;
  if (Array.isArray(include) && include.length > 0 && include.every((g) => typeof g === "string")) {
    return include as string[];
  }
  return [...DEFAULT_INCLUDE];
}

/** A config glob as a VS Code glob under the config's folder: newslint matches a glob
 * without "/" against file names at any depth ("*.md" -> "**\/*.md"). */
export function workspaceGlob(glob: string): string {
  const g = glob.replace(/\\/g, "/").replace(/^\.\//, "");
  return g.includes("/") ? g : `**/${g}`;
}

export interface SelectorEntry {
  scheme: "file";
  /** folder the pattern is relative to */
  base: string;
  pattern: string;
}

/** Document selector entries: one per (folder, glob). */
export function selectorEntries(projects: { folder: string; include: readonly string[] }[]): SelectorEntry[] {
  const seen = new Set<string>();
  const out: SelectorEntry[] = [];
  for (const { folder, include } of projects) {
    for (const glob of include) {
      const pattern = workspaceGlob(glob);
      const key = `${folder}\u0000${pattern}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ scheme: "file", base: folder, pattern });
      }
    }
  }
  return out;
}
