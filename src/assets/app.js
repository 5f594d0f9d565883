// TrainerHub's own browser code, loaded as a plain deferred script. Everything works without it. The browser does
// the heavy lifting: <dialog> (inert page, Escape, backdrop, focus return), popover (the phone menu), hx-disable
// (no double submits) and <hx-partial> toasts. This file opens the dialog when htmx fills it and aims the focus.
(() => {
  'use strict';

  const FIELDS = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';
  const FOCUSABLE = `a[href], button:not([disabled]), ${FIELDS}, [tabindex]:not([tabindex="-1"])`;
  const byId = (id) => document.getElementById(id);
  const visible = (root, selector) =>
    [...root.querySelectorAll(selector)].filter((el) => el.getClientRects().length > 0);
  let opener = null;

  /** Names the dialog after its first heading, then focuses the autofocus or first invalid field, a field, or the title. */
  function aim(content) {
    const heading = content.querySelector('#modal-title') ?? content.querySelector('h1, h2, h3');
    if (heading) Object.assign(heading, { id: 'modal-title', tabIndex: -1 });
    const target =
      content.querySelector('[autofocus], [aria-invalid="true"]') ?? visible(content, FIELDS)[0] ?? heading;
    target?.focus();
  }

  // Opens the dialog when htmx swapped something into #modal-content, closes it when that emptied it.
  document.addEventListener('htmx:after:swap', (event) => {
    const dialog = byId('modal');
    const content = byId('modal-content');
    if (!(dialog instanceof HTMLDialogElement) || !content || event.detail?.ctx?.target !== content) return;
    if (content.childElementCount === 0 && content.textContent.trim() === '') return dialog.close();
    if (!dialog.open) {
      // The element that sent the request may be disabled by hx-disable by now, so remember it for the way back.
      const source = event.detail.ctx.sourceElement;
      opener = source instanceof HTMLElement && !dialog.contains(source) ? source : document.activeElement;
      dialog.showModal();
      // Toasts raised while the dialog is open must sit above the backdrop, not in the inert page.
      dialog.append(byId('flash') ?? '');
    }
    if (!content.contains(document.activeElement)) aim(content);
  });

  // `HX-Trigger: closeModal` (sent by the kit's done()) closes it; Escape, the backdrop and Close buttons are native.
  document.addEventListener('closeModal', () => byId('modal')?.close());

  // "close" does not bubble, hence the capture listener.
  document.addEventListener(
    'close',
    ({ target: dialog }) => {
      if (!(dialog instanceof HTMLDialogElement) || dialog.id !== 'modal') return;
      dialog.after(byId('flash') ?? '');
      byId('modal-content')?.replaceChildren();
      // The browser returns the focus itself; only when the opener could not take it (it was disabled) do we.
      if (opener?.isConnected && document.activeElement === document.body) opener.focus();
      opener = null;
    },
    true,
  );

  // Tab wraps around inside the open dialog instead of leaving the page for the browser's toolbar.
  document.addEventListener('keydown', (event) => {
    const dialog = byId('modal');
    if (event.key !== 'Tab' || !(dialog instanceof HTMLDialogElement) || !dialog.open) return;
    const items = visible(dialog, FOCUSABLE);
    const edge = event.shiftKey ? items[0] : items.at(-1);
    if (document.activeElement !== edge && dialog.contains(document.activeElement)) return;
    event.preventDefault();
    (event.shiftKey ? items.at(-1) : items[0])?.focus();
  });

  // Toasts: "Dismiss" removes one; a faded-out one (the CSS toast-out animation) leaves the page.
  document.addEventListener('click', (event) => {
    const toast = event.target instanceof Element && event.target.closest('[data-dismiss]')?.closest('.toast');
    if (!toast) return;
    const hadFocus = toast.contains(document.activeElement);
    toast.remove();
    if (hadFocus) (byId('modal')?.open ? byId('modal') : byId('main'))?.focus({ preventScroll: true });
  });
  document.addEventListener('animationend', ({ animationName, target }) => {
    if (animationName === 'toast-out' && target instanceof Element) target.remove();
  });

  // Tells the CSS (and the browser tests) that this script runs: the toasts' Dismiss buttons need it.
  document.documentElement.dataset.app = 'ready';
})();
