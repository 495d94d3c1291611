/**
 * Settings: how files are read (date order, asymmetry formula) and, once the risk API accepts them, the
 * thresholds with sport presets and citations, the Nordic prescription, the baseline window, the season start
 * and the post-load window. Saved with `PUT /teams/{t}/settings`.
 */
import type { AppContext } from '../context.ts';
import { el, replace } from '../dom.ts';
import { asymmetryFormulas, prescriptionPresets, strengthPresets } from '../settings/presets.ts';
import { supportedRiskKeys, type RiskKey } from '../settings/risk-settings.ts';
import { errorState, loading } from '../ui/states.ts';
import { ApiError } from '../api/client.ts';

type Values = Record<string, unknown>;
const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Values)[k] : undefined), o);

function field(id: string, label: string, control: HTMLElement, hint?: string) {
  return el('div', { class: 'field' }, el('label', { for: id }, label), control, hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}
const num = (id: string, value: unknown, attrs: Record<string, string> = {}) => el('input', { id, type: 'number', inputmode: 'decimal', value: value == null ? '' : String(value), ...attrs });
const choice = (id: string, value: unknown, options: { id: string; label: string }[], blank?: string) =>
  el('select', { id }, ...(blank ? [el('option', { value: '' }, blank)] : []), ...options.map((o) => el('option', { value: o.id, selected: o.id === value }, o.label)));

export async function renderSettings(ctx: AppContext, main: HTMLElement): Promise<void> {
  const h1 = el('h1', { tabindex: '-1' }, 'Settings');
  replace(main, h1, loading('the settings'));
  let settings: Awaited<ReturnType<typeof ctx.api.settings>>;
  try {
    settings = await ctx.api.settings();
  } catch (error) {
    if (ctx.current()) replace(main, h1, errorState('the settings', error));
    return;
  }
  if (!ctx.current()) return;
  const defaults = settings.defaults ?? {};
  const risk = supportedRiskKeys(defaults);
  const value = (path: string) => get(settings, path) ?? get(defaults, path);
  const set = (path: string) => get(settings, path);

  const reading = el(
    'fieldset',
    {},
    el('legend', {}, 'Reading files'),
    field('dateOrder', 'Day/month order for dates that do not settle it', choice('dateOrder', set('dateOrder'), [{ id: 'DMY', label: 'DD/MM/YYYY' }, { id: 'MDY', label: 'MM/DD/YYYY' }], `Default (${String(defaults.dateOrder ?? 'DMY')})`), 'Used only when no date in a file has a day above 12.'),
    field('asymmetryFormula', 'Asymmetry formula', choice('asymmetryFormula', value('asymmetryFormula'), asymmetryFormulas), 'Bishop 2016 lists nine formulas in use; every number names the one that made it.'),
  );

  const sportCitation = el('p', { class: 'hint', id: 'preset-citation' });
  const progCitation = el('p', { class: 'hint', id: 'prescription-citation' });
  const group = (key: RiskKey, legend: string, ...children: HTMLElement[]) =>
    el('fieldset', { disabled: !risk.has(key), 'data-risk-group': key }, el('legend', {}, legend), ...children, risk.has(key) ? null : el('p', { class: 'hint' }, 'Available once the risk analysis is deployed for this team.'));
  const riskBox = el(
    'div',
    {},
    group(
      'thresholds',
      'Strength and imbalance thresholds',
      field('preset', 'Sport preset', choice('preset', value('thresholds.preset'), [...strengthPresets, { id: 'custom', label: 'Custom (team setting)' }], 'By each athlete’s sport (roster)')),
      sportCitation,
      field('strengthAmberN', 'Amber below (N, weaker leg)', num('strengthAmberN', value('thresholds.strengthAmberN'), { min: '0', max: '2000', step: '1' })),
      field('strengthRedN', 'Red below (N, weaker leg)', num('strengthRedN', value('thresholds.strengthRedN'), { min: '0', max: '2000', step: '1' })),
      field('imbalanceAmberPct', 'Amber imbalance from (%)', num('imbalanceAmberPct', value('thresholds.imbalanceAmberPct') ?? 15, { min: '0', max: '100', step: '0.5' })),
      field('imbalanceRedPct', 'Red imbalance from (%)', num('imbalanceRedPct', value('thresholds.imbalanceRedPct') ?? 20, { min: '0', max: '100', step: '0.5' })),
    ),
    group(
      'prescription',
      'Nordic prescription',
      field('prescriptionPreset', 'Programme', choice('prescriptionPreset', value('prescription.preset'), [...prescriptionPresets, { id: 'custom', label: 'Custom (team setting)' }], 'No prescription set')),
      progCitation,
      field('sessionsPerWeek', 'Sessions per week', num('sessionsPerWeek', value('prescription.sessionsPerWeek'), { min: '0', max: '14', step: '1' })),
      field('repsPerSession', 'Reps per session', num('repsPerSession', value('prescription.repsPerSession'), { min: '0', max: '200', step: '1' })),
    ),
    group(
      'baselineWindow',
      'Baseline',
      field('maxTests', 'Previous fresh tests in the baseline', num('maxTests', value('baselineWindow.maxTests') ?? 6, { min: '1', max: '50', step: '1' })),
      field('maxDays', 'Within the last (days)', num('maxDays', value('baselineWindow.maxDays') ?? 120, { min: '7', max: '730', step: '1' })),
    ),
    group('seasonStart', 'Season', field('seasonStart', 'Season start (baselines reset)', el('input', { id: 'seasonStart', type: 'date', value: String(value('seasonStart') ?? '') }))),
    group('postLoadWindowHours', 'Post-load tests', field('postLoadWindowHours', 'A test within this many hours after a match or run is post-load', num('postLoadWindowHours', value('postLoadWindowHours') ?? 72, { min: '0', max: '168', step: '1' }), 'MD+1…MD+3; recovered when the deficit is below the test’s CV (Bueno 2021).')),
  );

  const status = el('p', { role: 'status', class: 'save-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'settings', novalidate: true }, reading, el('h2', {}, 'Risk analysis'), riskBox, el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Save settings'), status));
  replace(main, h1, form);

  const $ = <T extends HTMLInputElement | HTMLSelectElement>(id: string) => form.querySelector<T>(`#${id}`)!;
  const showCitations = () => {
    sportCitation.textContent = strengthPresets.find((p) => p.id === $('preset').value)?.citation ?? 'Custom values: shown with the source “team setting”.';
    const programme = $('prescriptionPreset').value;
    progCitation.textContent = prescriptionPresets.find((p) => p.id === programme)?.citation ?? (programme ? 'Custom prescription: “team setting”.' : 'Presets: Petersen 2011 (preseason), the article’s in-season 1 × week.');
  };
  $('preset').addEventListener('change', () => {
    const p = strengthPresets.find((x) => x.id === $('preset').value);
    if (p) for (const k of ['strengthAmberN', 'strengthRedN', 'imbalanceAmberPct', 'imbalanceRedPct'] as const) $(k).value = p[k] == null ? '' : String(p[k]);
    showCitations();
  });
  $('prescriptionPreset').addEventListener('change', () => {
    const p = prescriptionPresets.find((x) => x.id === $('prescriptionPreset').value);
    if (p) {
      $('sessionsPerWeek').value = String(p.sessionsPerWeek);
      $('repsPerSession').value = p.repsPerSession == null ? '' : String(p.repsPerSession);
    }
    showCitations();
  });
  showCitations();

  const number = (id: string) => ($(id).value === '' ? null : Number($(id).value));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body: Values = {};
    if ($('dateOrder').value) body.dateOrder = $('dateOrder').value;
    body.asymmetryFormula = $('asymmetryFormula').value;
    if (settings.traceParameters) body.traceParameters = settings.traceParameters; // PUT replaces: keep what this form does not edit
    if (risk.has('thresholds'))
      body.thresholds = { preset: $('preset').value || 'by-sport', strengthAmberN: number('strengthAmberN'), strengthRedN: number('strengthRedN'), imbalanceAmberPct: number('imbalanceAmberPct'), imbalanceRedPct: number('imbalanceRedPct') };
    if (risk.has('prescription')) body.prescription = { preset: $('prescriptionPreset').value, sessionsPerWeek: number('sessionsPerWeek'), repsPerSession: number('repsPerSession') };
    if (risk.has('baselineWindow')) body.baselineWindow = { maxTests: number('maxTests'), maxDays: number('maxDays') };
    if (risk.has('seasonStart')) body.seasonStart = $('seasonStart').value || null;
    if (risk.has('postLoadWindowHours')) body.postLoadWindowHours = number('postLoadWindowHours');
    status.textContent = 'Saving…';
    try {
      await ctx.api.saveSettings(body);
      settings = { ...settings, ...body } as typeof settings;
      ctx.squad = null; // statuses are recomputed from the new settings
      status.textContent = `Saved at ${new Date().toLocaleTimeString()}. Statuses are recomputed in the background.`;
    } catch (error) {
      const details = error instanceof ApiError && Array.isArray(error.details) ? (error.details as { field: string; message: string }[]).map((d) => `${d.field}: ${d.message}`).join('; ') : (error as Error).message;
      status.textContent = `Not saved: ${details}`;
    }
  });
}
