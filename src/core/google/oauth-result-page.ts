const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/** The small page the browser shows at the end of a sign-in. */
export const resultPage = (title: string, text: string): string =>
  '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
  `<title>${escapeHtml(title)}</title></head>` +
  '<body style="font-family:system-ui,sans-serif;margin:4rem auto;max-width:32rem;padding:0 1rem">' +
  `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`
