// Booking niceties. Without JavaScript everything still works: the typed start time is submitted, row menus are
// plain <details> disclosures, and "Cancel" links navigate.
(() => {
  // A free-slot pill (radio name="time") and the typed time field stay in step, whichever was used last.
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.name !== 'time' || !input.form) return;
    const typed = input.form.querySelector('input[name="time"]:not([type="radio"])');
    if (input.type === 'radio' && typed instanceof HTMLInputElement) typed.value = input.value;
    if (input.type !== 'radio')
      input.form.querySelectorAll('input[type="radio"][name="time"]').forEach((radio) => (radio.checked = false));
  });

  // "Cancel" links inside the modal close it instead of navigating away.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('[data-close-modal]') : null;
    if (!link || !link.closest('#modal')) return;
    event.preventDefault();
    document.body.dispatchEvent(new CustomEvent('closeModal'));
  });

  // Row menus (<details data-row-menu>): one open at a time; a pick, a click outside or Escape closes it.
  const openMenus = () => document.querySelectorAll('details[data-row-menu][open]');
  document.addEventListener(
    'toggle',
    (event) => {
      const menu = event.target;
      if (!(menu instanceof HTMLDetailsElement) || !menu.matches('[data-row-menu]') || !menu.open) return;
      openMenus().forEach((other) => other !== menu && (other.open = false));
      menu.querySelector('a, button')?.focus();
    },
    true,
  );
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    openMenus().forEach((menu) => {
      const picked = target && menu.contains(target) && !target.closest('summary') && target.closest('a, button');
      // After the pick's own click has run (the form submits, the link opens its dialog).
      if (picked) setTimeout(() => (menu.open = false));
      else if (!target || !menu.contains(target)) menu.open = false;
    });
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    openMenus().forEach((menu) => {
      menu.open = false;
      menu.querySelector('summary')?.focus();
      event.stopPropagation();
    });
  });
})();
