// Pre-selects the browser's time zone on the sign-up form. Without JavaScript the form keeps its default.
(() => {
  function guess(root) {
    const holder = root.querySelector('[data-guess-timezone]');
    const select = holder && holder.querySelector('select');
    if (!select) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && [...select.options].some((option) => option.value === zone)) select.value = zone;
  }
  document.addEventListener('DOMContentLoaded', () => guess(document));
  document.addEventListener('htmx:after:swap', () => guess(document));
})();
