/* global document, window, setTimeout */
// Reloads a page that shows a running job (e.g. letters being generated) every few seconds, so its
// progress bar moves. A file, not inline script, to keep the Content-Security-Policy strict; a
// script rather than a delayed meta refresh, which WCAG (and axe) counts as a failure. Browsers
// without script get a <noscript> meta refresh instead.
const el = document.querySelector('[data-refresh-seconds]');
if (el) {
  const seconds = Number(el.getAttribute('data-refresh-seconds')) || 2;
  setTimeout(() => window.location.reload(), seconds * 1000);
}
