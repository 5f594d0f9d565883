// TrainerHub's own browser code: Alpine components (registered before Alpine starts) and htmx glue.
// Loaded as a plain deferred script. Everything works without it; it only adds the modal, toasts and the mobile menu.
// The CSP forbids eval, so templates only reference these properties and methods by name.
(() => {
  'use strict';

  const TOAST_MS = 5000;
  const FOCUSABLE = [
    'a[href]',
    'area[href]',
    'button:not([disabled])',
    'input:not([disabled]):not([type="hidden"])',
    'select:not([disabled])',
    'textarea:not([disabled])',
    'iframe',
    'summary',
    '[contenteditable="true"]',
    '[tabindex]:not([tabindex="-1"])',
  ].join(',');

  function focusables(root) {
    return [...root.querySelectorAll(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
  }

  function modalElement() {
    return document.getElementById('modal');
  }

  /** The Alpine data of #modal, or null before Alpine has started (or without JS). */
  function modalData() {
    const el = modalElement();
    if (!el || !window.Alpine || !el._x_dataStack) return null;
    return window.Alpine.$data(el);
  }

  document.addEventListener('alpine:init', () => {
    const Alpine = window.Alpine;

    /**
     * #modal: opens when htmx swaps content into #modal-content, closes on Escape, the backdrop, the close button
     * and the "closeModal" event. Focus is trapped inside and returns to the opener.
     */
    Alpine.data('modal', () => ({
      open: false,
      opener: null,

      show(opener) {
        if (!this.open) {
          const candidate = opener instanceof HTMLElement && opener.isConnected ? opener : document.activeElement;
          this.opener = candidate instanceof HTMLElement && !this.$root.contains(candidate) ? candidate : null;
        }
        this.open = true;
        document.documentElement.classList.add('modal-open');
        this.nameDialog();
        // Alpine reveals the dialog on the next frame; focusing before that would hit a hidden element.
        this.$nextTick(() => requestAnimationFrame(() => requestAnimationFrame(() => this.focusInitial())));
      },

      close() {
        if (!this.open) return;
        this.open = false;
        document.documentElement.classList.remove('modal-open');
        // Empty it a tick later: "closeModal" often comes with other HX-Trigger events ("bookingsChanged", "flash")
        // that htmx fires on the element that made the request, which sits inside the modal and must still be in
        // the document for them to bubble to <body>.
        const content = this.$refs.content;
        setTimeout(() => {
          if (!this.open && content) content.replaceChildren();
        }, 0);
        const opener = this.opener;
        this.opener = null;
        if (opener && opener.isConnected) opener.focus({ preventScroll: true });
      },

      /** The dialog's accessible name: #modal-title, else the first heading in the content. */
      nameDialog() {
        const root = this.$root;
        const heading = this.$refs.content?.querySelector('#modal-title, h1, h2, h3');
        if (heading) {
          if (!heading.id) heading.id = 'modal-title';
          root.setAttribute('aria-labelledby', heading.id);
          root.removeAttribute('aria-label');
        } else {
          root.removeAttribute('aria-labelledby');
          root.setAttribute('aria-label', 'Dialog');
        }
      },

      focusInitial() {
        // Runs a frame or two after opening; if the dialog was closed meanwhile, focus stays with the opener.
        if (!this.open) return;
        const root = this.$root;
        if (root.contains(document.activeElement) && document.activeElement !== root) return;
        const content = this.$refs.content;
        const preferred =
          content?.querySelector('[autofocus]') ||
          content?.querySelector('[aria-invalid="true"]') ||
          focusables(content ?? root).find((el) => el.matches('input, select, textarea')) ||
          focusables(content ?? root)[0] ||
          focusables(root)[0];
        preferred?.focus();
      },

      onKeydown(event) {
        if (!this.open || event.key !== 'Tab') return;
        const items = focusables(this.$root);
        if (items.length === 0) {
          event.preventDefault();
          return;
        }
        const first = items[0];
        const last = items[items.length - 1];
        if (event.shiftKey && (document.activeElement === first || !this.$root.contains(document.activeElement))) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      },
    }));

    /** The sidebar on phones: a top bar whose menu button opens the nav. */
    Alpine.data('mobileNav', () => ({
      open: false,

      get closed() {
        return !this.open;
      },

      toggle() {
        this.open = !this.open;
      },

      close() {
        if (!this.open) return;
        const hadFocus = this.$root.contains(document.activeElement);
        this.open = false;
        if (hadFocus) this.$refs.menuButton?.focus();
      },
    }));

    /** One toast in #flash. Errors stay until dismissed; others fade out (paused while hovered or focused). */
    Alpine.data('toast', () => ({
      visible: true,
      timer: null,

      init() {
        this.resume();
      },

      destroy() {
        clearTimeout(this.timer);
      },

      sticky() {
        return this.$root.dataset.kind === 'error';
      },

      pause() {
        clearTimeout(this.timer);
        this.timer = null;
      },

      resume() {
        if (this.sticky() || !this.visible) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.dismiss(), TOAST_MS);
      },

      dismiss() {
        clearTimeout(this.timer);
        const root = this.$root;
        const hadFocus = root.contains(document.activeElement);
        this.visible = false;
        if (hadFocus) document.getElementById('main')?.focus({ preventScroll: true });
        setTimeout(() => root.remove(), 350);
      },
    }));
  });

  // --- htmx glue ----------------------------------------------------------------------------------------------

  function isModalContent(el) {
    return el instanceof Element && el.id === 'modal-content';
  }

  document.addEventListener('htmx:after:swap', (event) => {
    const ctx = event.detail?.ctx;
    const target = ctx?.target;

    // Boosted navigation replaced the whole body: drop page-level state and refresh the CSRF header.
    if (target === document.body) {
      document.documentElement.classList.remove('modal-open');
      syncCsrfHeaders();
      return;
    }

    if (!isModalContent(target)) return;
    const content = document.getElementById('modal-content');
    const modal = modalData();
    if (!content || !modal) return;
    if (content.childElementCount > 0 || content.textContent.trim() !== '') modal.show(ctx.sourceElement);
    else modal.close();
  });

  // The server closes the modal with `HX-Trigger: closeModal` (e.g. after a successful form post).
  document.body.addEventListener('closeModal', () => modalData()?.close());

  // `HX-Trigger: {"flash": {"kind": "success", "message": "Booking created"}}` raises a toast, for 204 answers.
  document.body.addEventListener('flash', (event) => {
    const detail = event.detail ?? {};
    const message = typeof detail === 'string' ? detail : (detail.message ?? detail.value);
    if (!message) return;
    showToast(['success', 'error', 'info'].includes(detail.kind) ? detail.kind : 'success', String(message));
  });

  function showToast(kind, message) {
    const region = document.getElementById('flash');
    const template = document.getElementById(`toast-template-${kind}`);
    if (!region || !(template instanceof HTMLTemplateElement)) return;
    const toast = template.content.firstElementChild?.cloneNode(true);
    if (!toast) return;
    const text = toast.querySelector('[data-toast-message]');
    if (text) text.textContent = message;
    region.append(toast);
  }

  // Keep focus inside the open modal even when it escapes by other means than Tab (e.g. a click on the page).
  document.addEventListener('focusin', (event) => {
    const modal = modalElement();
    const data = modalData();
    if (!modal || !data?.open || modal.contains(event.target)) return;
    (focusables(modal)[0] ?? modal).focus();
  });

  // No double submits: while htmx posts a form, its submit buttons are disabled (the form shows a spinner).
  const disabledBy = new WeakMap();
  document.addEventListener('htmx:before:request', (event) => {
    const source = event.detail?.ctx?.sourceElement;
    if (!(source instanceof HTMLFormElement)) return;
    const buttons = [...source.querySelectorAll('button:not([type]), button[type="submit"], input[type="submit"]')].filter(
      (b) => !b.disabled,
    );
    buttons.forEach((b) => (b.disabled = true));
    source.setAttribute('aria-busy', 'true');
    disabledBy.set(source, buttons);
  });
  document.addEventListener('htmx:finally:request', (event) => {
    const source = event.detail?.ctx?.sourceElement;
    if (!(source instanceof HTMLFormElement)) return;
    (disabledBy.get(source) ?? []).forEach((b) => (b.disabled = false));
    source.removeAttribute('aria-busy');
    disabledBy.delete(source);
  });

  /** Boosted swaps keep the old <body> attributes, so copy the CSRF headers the new page rendered. */
  function syncCsrfHeaders() {
    const source = document.getElementById('csrf-headers');
    if (!source) return;
    let headers;
    try {
      headers = JSON.parse(source.dataset.headers ?? 'null');
    } catch {
      headers = null;
    }
    if (headers && typeof headers === 'object') document.body.setAttribute('hx-headers:inherited', JSON.stringify(headers));
    else document.body.removeAttribute('hx-headers:inherited');
  }
})();
