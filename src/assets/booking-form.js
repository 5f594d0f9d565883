// Booking form niceties. Without JavaScript the form still works: the typed start time is submitted.
(() => {
  // A free-slot pill (radio name="time") and the typed time field stay in step, whichever was used last.
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.name !== 'time' || !input.form) return;
    const typed = input.form.querySelector('input[name="time"]:not([type="radio"])');
    if (input.type === 'radio' && typed instanceof HTMLInputElement) typed.value = input.value;
    if (input.type !== 'radio') input.form.querySelectorAll('input[type="radio"][name="time"]').forEach((radio) => (radio.checked = false));
  });

  // "Cancel" links inside the modal close it instead of navigating away (they still navigate without JS).
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('[data-close-modal]') : null;
    if (!link || !link.closest('#modal')) return;
    event.preventDefault();
    document.body.dispatchEvent(new CustomEvent('closeModal'));
  });
})();
