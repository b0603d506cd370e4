/** A letter as a print-ready A4 HTML page with Chinese fonts, for screens, printers and PDF. */
import type { Letter, Signature } from './letter.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** "2026-04-03T10:00:00+08:00" → "2026-04-03 10:00 (+08:00)": the signer's own clock, as signed. */
function readableTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  return m ? `${m[1]} ${m[2]} (${m[3] === 'Z' ? 'UTC' : m[3]})` : iso;
}

export function letterHtml(letter: Letter, signature?: Signature): string {
  const c = letter.content;
  const signed = signature
    ? `<p class="sig"><span>${esc(c.labels.signature)}：</span><strong>${esc(signature.name)}</strong></p>
       <p class="sig"><span>${esc(c.labels.date)}：</span>${esc(readableTime(signature.at))}</p>`
    : `<p class="sig"><span>${esc(c.labels.signature)}：</span><span class="line"></span></p>
       <p class="sig"><span>${esc(c.labels.date)}：</span><span class="line"></span></p>`;
  return `<!doctype html>
<html lang="${c.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<title>${esc(c.title)}</title>
<style>
  @page { size: A4; margin: 25mm 22mm; }
  html { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", serif; color: #1f1f1f; }
  body { margin: 0; font-size: 12pt; line-height: 1.9; }
  main { max-width: 166mm; margin: 0 auto; }
  h1 { text-align: center; font-size: 20pt; letter-spacing: 0.1em; margin: 0 0 10mm; }
  p { margin: 0 0 4mm; text-indent: ${c.lang === 'zh' ? '2em' : '0'}; }
  main > p:first-of-type { text-indent: 0; }
  .signature { margin-top: 16mm; margin-left: auto; width: 85mm; }
  .sig { text-indent: 0; display: flex; gap: 2mm; } .sig > span:first-child { white-space: nowrap; } .sig .line { flex: 1; border-bottom: 1px solid #1f1f1f; }
  footer { margin-top: 14mm; font-size: 8pt; color: #8c8c8c; word-break: break-all; }
</style>
</head>
<body><main>
<h1>${esc(c.title)}</h1>
${c.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
<section class="signature">${signed}</section>
<footer>SHA-256 ${esc(letter.hash)} · ${esc(c.unitId)} · ${esc(c.period)}</footer>
</main></body>
</html>
`;
}
