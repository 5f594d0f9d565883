// Draws the dashboard's revenue chart with Chart.js (served from node_modules at /assets/vendor/chartjs/) from the
// JSON in each canvas's data-revenue-chart attribute: no inline script, so the strict CSP holds. Chart.js is
// loaded the first time a chart needs it. The section ships this script with itself, so it runs again after every
// swap: the first run installs the listeners, every run draws the canvases not drawn yet and frees the charts
// whose canvas has left the page.
(() => {
  'use strict';
  const CHART_JS = '/assets/vendor/chartjs/chart.umd.min.js';
  const BRAND = '#0f766e';
  const BRAND_LIGHT = 'rgba(15, 118, 110, 0.35)';
  const INK = '#475569';
  const GRID = '#e2e8f0';

  if (typeof window.trainerhubDrawCharts === 'function') {
    window.trainerhubDrawCharts();
    return;
  }

  const charts = new Map();
  let loading = null;

  function loadChartJs() {
    if (window.Chart) return Promise.resolve(window.Chart);
    loading ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = CHART_JS;
      script.onload = () => resolve(window.Chart);
      script.onerror = () => reject(new Error(`Could not load ${CHART_JS}`));
      document.head.append(script);
    });
    return loading;
  }

  function draw(Chart, canvas) {
    let data;
    try {
      data = JSON.parse(canvas.dataset.revenueChart ?? '');
    } catch {
      return;
    }
    const compact = new Intl.NumberFormat(data.locale, {
      style: 'currency',
      currency: data.currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          {
            label: 'Revenue',
            data: data.values,
            // The current week or month is still filling up: a lighter bar says so.
            backgroundColor: data.values.map((_, i) => (i === data.current ? BRAND_LIGHT : BRAND)),
            hoverBackgroundColor: '#115e59',
            borderRadius: 6,
            borderSkipped: 'start',
            maxBarThickness: 44,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: still ? false : { duration: 450 },
        layout: { padding: { top: 8, right: 8 } },
        plugins: {
          legend: { display: false },
          tooltip: {
            displayColors: false,
            backgroundColor: '#0f172a',
            padding: 10,
            callbacks: {
              title: (items) => data.titles[items[0]?.dataIndex ?? 0] ?? '',
              label: (item) => data.display[item.dataIndex] ?? '',
            },
          },
        },
        scales: {
          x: {
            grid: { display: false },
            border: { color: GRID },
            ticks: { color: INK, font: { size: 12 }, maxRotation: 0, autoSkipPadding: 8 },
          },
          y: {
            beginAtZero: true,
            grid: { color: GRID },
            border: { display: false },
            ticks: { color: INK, font: { size: 12 }, maxTicksLimit: 5, callback: (value) => compact.format(value) },
          },
        },
      },
    });
    charts.set(canvas, chart);
  }

  function drawAll() {
    for (const [canvas, chart] of charts) {
      if (!canvas.isConnected) {
        chart.destroy();
        charts.delete(canvas);
      }
    }
    const pending = [...document.querySelectorAll('canvas[data-revenue-chart]')].filter((c) => !charts.has(c));
    if (pending.length === 0) return;
    loadChartJs()
      .then((Chart) => pending.forEach((canvas) => canvas.isConnected && !charts.has(canvas) && draw(Chart, canvas)))
      .catch((error) => console.warn(error.message));
  }

  // "Show table": the figures are always in the page for screen readers; this shows them to everyone else too.
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-chart-table-toggle]') : null;
    const table = button && document.getElementById(button.getAttribute('aria-controls') ?? '');
    if (!table) return;
    const show = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(show));
    button.textContent = show ? 'Hide table' : 'Show table';
    table.classList.toggle('[html[data-app]_&]:sr-only', !show);
  });

  window.trainerhubDrawCharts = drawAll;
  document.addEventListener('htmx:after:settle', drawAll);
  drawAll();
})();
