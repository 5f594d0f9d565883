// Dashboard live updates the server cannot raise itself. A quick action on an upcoming session (confirm, complete,
// no-show, give credit back) posts to the bookings routes, which answer with the updated row and no event (on the
// bookings list the row is all that changes). On the dashboard the stats and the clients card depend on that row
// too, so once such a post succeeds this raises "bookingRowChanged" on <body>, which those sections listen for.
// Loaded by the upcoming section each time it is swapped in; the guard keeps one listener.
(() => {
  'use strict';
  if (window.trainerhubDashboardLive) return;
  window.trainerhubDashboardLive = true;

  document.addEventListener('htmx:after:request', (event) => {
    const ctx = event.detail?.ctx;
    const source = ctx?.sourceElement;
    if (!(source instanceof Element) || !source.closest('[data-dashboard-rows]')) return;
    if (String(ctx.request?.method ?? '').toUpperCase() !== 'POST') return;
    const status = Number(ctx.response?.status ?? 0);
    if (status < 200 || status >= 400) return;
    document.body.dispatchEvent(new CustomEvent('bookingRowChanged', { bubbles: true }));
  });
})();
