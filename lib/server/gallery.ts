/**
 * The `/flags/` page: every flag the server has, with its code, so that a
 * person can see at a glance that the server works.
 *
 * @example
 * ```ts
 * import { galleryHtml } from "./gallery.ts";
 * const html = galleryHtml(["br", "cn"], ["ss"]);
 * console.log(html.includes('src="br/br.gif"')); // true
 * ```
 *
 * @module
 */

/**
 * Renders the gallery page.
 *
 * @param codes lower-case codes that have an image (links are relative to `/flags/`)
 * @param missing lower-case codes of the book that have none (listed as such)
 */
export function galleryHtml(codes: readonly string[], missing: readonly string[] = []): string {
  const figures = codes.map((cc) =>
    `<figure><img src="${cc}/${cc}.gif" alt="flag ${cc.toUpperCase()}" width="32">` +
    `<figcaption>${cc.toUpperCase()}</figcaption></figure>`
  );
  const lacking = missing.length === 0
    ? ""
    : `<p>Not in this folder (404): ${missing.map((cc) => cc.toUpperCase()).join(" ")}</p>\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Flags (${codes.length})</title>
<style>
body { font-family: sans-serif; margin: 1em; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(4em, 1fr)); gap: .5em; }
figure { margin: 0; text-align: center; }
img { image-rendering: pixelated; border: 1px solid #ccc; }
figcaption { font-family: monospace; }
</style>
</head>
<body>
<h1>${codes.length} flags</h1>
<p>Each is at <code>/flags/{cc}/{cc}.gif</code>; counters at <a href="/stats">/stats</a>.</p>
${lacking}<main>
${figures.join("\n")}
</main>
</body>
</html>
`;
}
