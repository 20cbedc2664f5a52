/**
 * The `/flags/` page: every flag the server has, with its code and its
 * country's name, so that a person can see at a glance that the server works.
 *
 * @example
 * ```ts
 * import { galleryHtml } from "./gallery.ts";
 * const html = galleryHtml(["br", "cn"], ["ss"], new Map([["br", "Brazil"]]));
 * console.log(html.includes('src="br/br.gif"'), html.includes("Brazil")); // true true
 * ```
 *
 * @module
 */

/**
 * Renders the gallery page.
 *
 * @param codes lower-case codes that have an image (links are relative to `/flags/`)
 * @param missing lower-case codes of the book that have none (listed as such)
 * @param names each code's country name, shown under its flag (a code without one shows none)
 */
export function galleryHtml(
  codes: readonly string[],
  missing: readonly string[] = [],
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const figures = codes.map((cc) => {
    const name = names.get(cc);
    const caption = name === undefined ? "" : `<br><span class="name">${escapeHtml(name)}</span>`;
    return `<figure><img src="${cc}/${cc}.gif" alt="flag ${cc.toUpperCase()}" width="32">` +
      `<figcaption><code>${cc.toUpperCase()}</code>${caption}</figcaption></figure>`;
  });
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
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(8em, 1fr)); gap: .5em; }
figure { margin: 0; text-align: center; }
img { image-rendering: pixelated; border: 1px solid #ccc; }
figcaption { font-size: small; }
</style>
</head>
<body>
<h1>${codes.length} flags</h1>
<p>Each is at <code>/flags/{cc}/{cc}.gif</code>, its metadata at
<code>/flags/{cc}/metadata.json</code>; counters at <a href="/stats">/stats</a>.</p>
${lacking}<main>
${figures.join("\n")}
</main>
</body>
</html>
`;
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `text` safe inside HTML text and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
