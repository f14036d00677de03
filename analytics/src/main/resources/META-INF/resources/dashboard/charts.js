// Small canvas charts, so the dashboard needs no framework and no CDN: a line chart of several series over
// labelled x positions, and a bar chart. Values of null (or -1: "no measurement") leave a gap.
'use strict';

const Charts = (() => {
  const PAD = { left: 56, right: 12, top: 12, bottom: 34 };
  const COLORS = ['#2f6fdf', '#e0892b', '#c23b3b', '#2f9e5a', '#7a4fc9'];

  function frame(canvas, labels, max, unit) {
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    ctx.font = '12px system-ui, sans-serif';
    ctx.strokeStyle = '#e3e6eb';
    ctx.fillStyle = '#5b6577';
    const plotH = h - PAD.top - PAD.bottom;
    for (let i = 0; i <= 4; i++) {
      const y = PAD.top + plotH - (plotH * i) / 4;
      ctx.beginPath(); ctx.moveTo(PAD.left, y); ctx.lineTo(w - PAD.right, y); ctx.stroke();
      ctx.fillText(format(max * i / 4) + unit, 4, y + 4);
    }
    const step = Math.max(1, Math.ceil(labels.length / 8));
    labels.forEach((label, i) => {
      if (i % step === 0) {
        ctx.fillText(label, x(canvas, i, labels.length) - 14, h - PAD.bottom + 16);
      }
    });
    if (labels.length === 0) {
      ctx.fillText('no data yet', w / 2 - 30, h / 2);
    }
    return ctx;
  }

  function x(canvas, i, n) {
    const plotW = canvas.width - PAD.left - PAD.right;
    return PAD.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  }

  function y(canvas, v, max) {
    const plotH = canvas.height - PAD.top - PAD.bottom;
    return PAD.top + plotH - (plotH * v) / max;
  }

  function niceMax(values) {
    const max = Math.max(0, ...values.filter(v => v !== null && v >= 0));
    if (max === 0) return 1;
    const magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    return Math.ceil(max / magnitude) * magnitude;
  }

  function format(v) {
    if (v >= 100) return Math.round(v).toString();
    return (Math.round(v * 100) / 100).toString();
  }

  function legend(ctx, canvas, names) {
    names.forEach((name, i) => {
      ctx.fillStyle = COLORS[i % COLORS.length];
      ctx.fillRect(PAD.left + i * 130, canvas.height - 14, 10, 10);
      ctx.fillStyle = '#1d2430';
      ctx.fillText(name, PAD.left + 14 + i * 130, canvas.height - 5);
    });
  }

  /** series: [{name, values}] aligned with labels. */
  function line(canvas, labels, series, unit = '') {
    const max = niceMax(series.flatMap(s => s.values));
    const ctx = frame(canvas, labels, max, unit);
    series.forEach((s, k) => {
      ctx.strokeStyle = COLORS[k % COLORS.length];
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = 2;
      let drawing = false;
      ctx.beginPath();
      s.values.forEach((v, i) => {
        if (v === null || v < 0) { drawing = false; return; }
        const px = x(canvas, i, labels.length), py = y(canvas, v, max);
        if (drawing) ctx.lineTo(px, py); else ctx.moveTo(px, py);
        drawing = true;
        ctx.fillRect(px - 2, py - 2, 4, 4);
      });
      ctx.stroke();
      ctx.lineWidth = 1;
    });
    legend(ctx, canvas, series.map(s => s.name));
  }

  function bars(canvas, labels, values, name, unit = '') {
    const max = niceMax(values);
    const ctx = frame(canvas, labels, max, unit);
    const plotW = canvas.width - PAD.left - PAD.right;
    const width = Math.max(2, Math.min(40, plotW / Math.max(1, labels.length) - 4));
    ctx.fillStyle = COLORS[0];
    values.forEach((v, i) => {
      const top = y(canvas, v, max);
      ctx.fillRect(x(canvas, i, labels.length) - width / 2, top, width, y(canvas, 0, max) - top);
    });
    legend(ctx, canvas, [name]);
  }

  return { line, bars };
})();
