// The Carbon page's trend: daily kg CO2e of the last weeks (/emissions/timeseries) and the next week's
// forecast with its p10–p90 band (/emissions/forecast), with the target's daily allowance as a line.
import { api } from './api.js';
import { fill, h } from './dom.js';
import { seriesChart } from './chart.js';

const days = 42;

/** Loads and draws the trend into `container`; `pulse` (may be null) gives the target's allowance. */
export async function showTrend(container, pulse) {
  fill(container, h('p', { class: 'muted' }, 'Loading the trend…'));
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const from = new Date(today.getTime() - days * 86_400_000);
  const [series, forecast] = await Promise.allSettled([
    api('carbon/emissions/timeseries', { params: { from: from.toISOString(), to: today.toISOString(), bucket: '1d' } }),
    api('carbon/emissions/forecast', { params: { days: 7 } }),
  ]);
  if (series.status === 'rejected') { fill(container, h('p', { class: 'error', role: 'alert' }, series.reason.message)); return; }
  const points = series.value.data.map((row) => ({ t: Date.parse(row.start), v: row.kg }));
  const band = forecast.status === 'fulfilled'
    ? forecast.value.forecast.map((day) => ({ t: Date.parse(day.date), lo: day.p10, mid: day.p50, hi: day.p90 })) : [];
  const target = pulse && pulse.target;
  const thresholds = target ? [{ value: target.allowedKgPerHour * 24, label: `${target.name}: daily allowance ${target.year}` }] : [];
  fill(container,
    seriesChart({ title: `Daily emissions (kg CO2e, location-based), last ${days} complete days and the next 7`, unit: 'kg CO2e', points, band, thresholds, bandStep: 'days' }),
    forecast.status === 'fulfilled'
      ? h('p', { class: 'muted' }, `Forecast: ${forecast.value.model} — ${forecast.value.modelExplanation}`)
      : h('p', { class: 'notice' }, `No forecast: ${forecast.reason.message}`));
}
