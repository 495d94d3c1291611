/**
 * Settings: how files are read (date order, asymmetry formula) and, once the risk API accepts them, the team's
 * sport, the strength and imbalance thresholds per sport (presets with their citations), the Nordic
 * prescription, the baseline window and season start, and the post-load window. Saved with PUT settings.
 */
import { ApiError } from '../api/client.ts';
import type { AppContext } from '../context.ts';
import { el, replace } from '../dom.ts';
import { asymmetryFormulas, prescriptionPresets, sportPresets } from '../settings/presets.ts';
import { riskBody, supportedRiskKeys, thresholdsFor, type RiskKey } from '../settings/risk-settings.ts';
import { errorState, loading } from '../ui/states.ts';

type Values = Record<string, unknown>;
const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Values)[k] : undefined), o);

function field(id: string, label: string, control: HTMLElement, hint?: string) {
  return el('div', { class: 'field' }, el('label', { for: id }, label), control, hint ? el('p', { class: 'hint' }, hint) : null);
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
  const prescription = value('exposure.prescription');
  const prescriptionId = typeof prescription === 'string' ? prescription : prescription ? 'custom' : '';
  const prescribed = typeof prescription === 'string' ? prescriptionPresets.find((p) => p.id === prescription) : (prescription as { sessionsPerWeek?: number; repsPerSession?: number | null } | undefined);

  const reading = el(
    'fieldset',
    {},
    el('legend', {}, 'Reading files'),
    field('dateOrder', 'Day/month order for dates that do not settle it', choice('dateOrder', get(settings, 'dateOrder'), [{ id: 'DMY', label: 'DD/MM/YYYY' }, { id: 'MDY', label: 'MM/DD/YYYY' }], `Default (${String(defaults.dateOrder ?? 'DMY')})`), 'Used only when no date in a file has a day above 12.'),
    field('asymmetryFormula', 'Asymmetry formula', choice('asymmetryFormula', value('asymmetryFormula'), asymmetryFormulas), 'Bishop 2016 lists nine formulas in use; every number names the one that made it.'),
  );

  const sportCitation = el('p', { class: 'hint' });
  const progCitation = el('p', { class: 'hint' });
  const group = (keys: RiskKey[], legend: string, ...children: HTMLElement[]) => {
    const on = keys.every((k) => risk.has(k));
    return el('fieldset', { disabled: !on, 'data-risk-group': keys[0]! }, el('legend', {}, legend), ...children, on ? null : el('p', { class: 'hint' }, 'Available once the risk analysis is deployed for this team.'));
  };
  const teamSport = (value('sport') as string | null) ?? '';
  const sportOptions = sportPresets.map((p) => ({ id: p.id, label: p.label }));
  const riskBox = el(
    'div',
    {},
    group(
      ['sport', 'sportPresets'],
      'Strength and imbalance thresholds',
      field('sport', 'Team sport', choice('sport', teamSport, sportOptions, 'Each athlete’s sport (roster)'), 'Chooses the preset for every athlete; otherwise the roster’s sport does.'),
      field('thresholdSport', 'Thresholds for', choice('thresholdSport', teamSport || 'australian-football', sportOptions)),
      sportCitation,
      field('strengthAmberN', 'Amber below (N, weaker leg)', num('strengthAmberN', null, { min: '0', max: '2000', step: '1' })),
      field('strengthRedN', 'Red below (N, weaker leg)', num('strengthRedN', null, { min: '0', max: '2000', step: '1' })),
      field('imbalanceAmberPct', 'Amber imbalance from (%)', num('imbalanceAmberPct', null, { min: '0', max: '100', step: '0.5' })),
      field('imbalanceRedPct', 'Red imbalance from (%)', num('imbalanceRedPct', null, { min: '0', max: '100', step: '0.5' })),
    ),
    group(
      ['exposure'],
      'Nordic prescription',
      field('prescriptionPreset', 'Programme', choice('prescriptionPreset', prescriptionId, [...prescriptionPresets, { id: 'custom', label: 'Custom (team setting)' }], 'No prescription set')),
      progCitation,
      field('sessionsPerWeek', 'Sessions per week', num('sessionsPerWeek', prescribed?.sessionsPerWeek, { min: '0', max: '14', step: '0.1' })),
      field('repsPerSession', 'Reps per session', num('repsPerSession', prescribed?.repsPerSession, { min: '0', max: '200', step: '1' })),
    ),
    group(
      ['baseline'],
      'Baseline and season',
      field('maxTests', 'Previous fresh tests in the baseline', num('maxTests', value('baseline.maxTests') ?? 6, { min: '1', max: '50', step: '1' })),
      field('maxDays', 'Within the last (days)', num('maxDays', value('baseline.maxDays') ?? 120, { min: '1', max: '3650', step: '1' })),
      field('seasonStart', 'Season start (baselines start over)', el('input', { id: 'seasonStart', type: 'date', value: String(value('baseline.seasonStart') ?? '') })),
    ),
    group(['postLoad'], 'Post-load tests', field('postLoadWindowHours', 'A test within this many hours after a match or run is post-load', num('postLoadWindowHours', value('postLoad.windowHours') ?? 72, { min: '1', max: '240', step: '1' }), 'MD+1…MD+3; recovered when the deficit is below the test’s CV (Bueno 2021).')),
  );

  const status = el('p', { role: 'status', class: 'save-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'settings', novalidate: true }, reading, el('h2', {}, 'Risk analysis'), riskBox, el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Save settings'), status));
  replace(main, h1, form);

  const $ = <T extends HTMLInputElement | HTMLSelectElement>(id: string) => form.querySelector<T>(`#${id}`)!;
  const showThresholds = () => {
    const sport = $('thresholdSport').value;
    const t = thresholdsFor(get(settings, 'sportPresets'), sport);
    $('strengthAmberN').value = t?.strength?.amberN == null ? '' : String(t.strength.amberN);
    $('strengthRedN').value = t?.strength?.redN == null ? '' : String(t.strength.redN);
    $('imbalanceAmberPct').value = String(t?.imbalance.amberPct ?? 15);
    $('imbalanceRedPct').value = String(t?.imbalance.redPct ?? 20);
    const own = (get(settings, 'sportPresets') as Values | undefined)?.[sport];
    sportCitation.textContent = own ? 'The team’s own thresholds for this sport (“team setting”).' : (sportPresets.find((p) => p.id === sport)?.citation ?? '');
  };
  const showPrescription = () => {
    const id = $('prescriptionPreset').value;
    const p = prescriptionPresets.find((x) => x.id === id);
    progCitation.textContent = p ? p.source : id === 'custom' ? 'Custom prescription: “team setting”.' : 'Presets: the article (in season, build-up) and Petersen 2011.';
  };
  $('thresholdSport').addEventListener('change', showThresholds);
  $('prescriptionPreset').addEventListener('change', () => {
    const p = prescriptionPresets.find((x) => x.id === $('prescriptionPreset').value);
    if (p) {
      $('sessionsPerWeek').value = String(p.sessionsPerWeek);
      $('repsPerSession').value = p.repsPerSession == null ? '' : String(p.repsPerSession);
    }
    showPrescription();
  });
  showThresholds();
  showPrescription();

  const number = (id: string) => ($(id).value === '' ? null : Number($(id).value));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // PUT replaces the settings: start from what the team has, change what the form edits.
    const { teamId: _team, defaults: _defaults, ...current } = settings;
    const body: Values = { ...current };
    if ($('dateOrder').value) body.dateOrder = $('dateOrder').value;
    else delete body.dateOrder;
    body.asymmetryFormula = $('asymmetryFormula').value;
    Object.assign(
      body,
      riskBody(
        {
          sport: $('sport').value || null,
          thresholdSport: $('thresholdSport').value,
          strengthAmberN: number('strengthAmberN'),
          strengthRedN: number('strengthRedN'),
          imbalanceAmberPct: number('imbalanceAmberPct'),
          imbalanceRedPct: number('imbalanceRedPct'),
          prescription: $('prescriptionPreset').value,
          sessionsPerWeek: number('sessionsPerWeek'),
          repsPerSession: number('repsPerSession'),
          maxTests: number('maxTests'),
          maxDays: number('maxDays'),
          seasonStart: $('seasonStart').value || null,
          postLoadWindowHours: number('postLoadWindowHours'),
        },
        current,
        risk,
      ),
    );
    if (risk.has('exposure') && !$('prescriptionPreset').value) delete (body.exposure as Values).prescription;
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
