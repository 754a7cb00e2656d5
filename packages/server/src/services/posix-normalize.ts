/**
 * Normalises a path the way POSIX `normpath` does: collapses repeated slashes, drops `.`
 * segments and resolves `..` against the preceding segment without touching the file system.
 * Keeps one or two leading slashes (three or more become one); an empty result is ".".
 */
export function posixNormalize(path: string): string {
  if (path === "") return ".";
  let leading = 0;
  while (leading < path.length && path[leading] === "/") leading++;
  const prefix = leading === 0 ? "" : leading === 2 ? "//" : "/";
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") {
      out.push(segment);
    } else if (out.length > 0 && out[out.length - 1] !== "..") {
      out.pop();
    } else if (prefix === "") {
      out.push("..");
    }
  }
  const joined = prefix + out.join("/");
  return joined === "" ? "." : joined;
}
