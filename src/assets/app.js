// TrainerHub's own browser code. Loaded as a plain script; everything works without it.
document.addEventListener('DOMContentLoaded', () => {});
