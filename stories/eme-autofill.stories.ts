import '@iamsmart/elements';
import { messagesFor, type IamsFilledDetail } from '@iamsmart/elements';
import type { SessionState, IamSmartErrorCode } from '@iamsmart/sdk';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, fn, waitFor } from 'storybook/test';
import { FakeClient } from '../packages/elements/src/test-support/fake-client.js';
import { FAKE_USER_CODE, type FakeEmeEnding } from '../packages/elements/src/test-support/fake-session.js';
import { details } from './support/event-log.js';
import { stoppedClock } from './support/clock.js';
import { localeOf, type Locale } from './support/locales.js';
import { FORM_LABELS as LABELS, standInForm } from './support/stand-in-form.js';

/**
 * What a story shows: the button alone (`closed`), the list of fields before the request
 * (`fields`), the dialog in one of the session's states, or the summary after Undo (`undone`).
 */
type StoryState = 'closed' | 'fields' | SessionState | 'undone';

interface EmeAutofillArgs {
  'form-name'?: string;
  'form-num'?: string;
  purpose?: string;
  state: StoryState;
  /** With `denied`, `expired` or `error`: which failure. */
  ending?: FakeEmeEnding;
  secondsLeft: number;
  lang?: Locale;
  onIamsState: (event: Event) => void;
  onIamsFilled: (event: Event) => void;
  onIamsError: (event: Event) => void;
}

type Story = StoryObj<EmeAutofillArgs>;


/**
 * A library card form: required and optional fields, split and whole values, a select, a date, a
 * checkbox, and a hidden field the element refuses to fill.
 */
function sampleForm(lang: Locale, extra: unknown = nothing) {
  const label = LABELS[lang];
  return standInForm(html`<form id="library-card" class="stand-in-form" lang=${lang}>
    <h2 style="margin:0">${label.heading}</h2>
    <label>${label.surname} <input data-eme="enName.lastName" required /></label>
    <label>${label.given} <input autocomplete="given-name" required /></label>
    <label>${label.chinese} <input data-eme="chName" /></label>
    <label
      >${label.title}
      <select autocomplete="honorific-prefix">
        <option value="">—</option>
        <option>Mr</option>
        <option>Mrs</option>
        <option>Ms</option>
      </select></label
    >
    <label>${label.dob} <input type="date" autocomplete="bday" required /></label>
    <label>${label.mobile} <input type="tel" data-eme="mobileNumber" /></label>
    <label>${label.email} <input type="email" autocomplete="email" /></label>
    <label>${label.address} <textarea data-eme="residentialAddress" rows="4"></textarea></label>
    <label><input type="checkbox" data-eme="propertyOwner" /> ${label.owner}</label>
    <input type="hidden" data-eme="idNo" />
    <label>${label.notes} <input data-eme="staffNotes" /></label>
    ${extra}
  </form>`);
}

/** A client whose form fillings stay in the story's state. */
function clientFor({ state, ending, secondsLeft }: EmeAutofillArgs): FakeClient {
  if (state === 'closed' || state === 'fields') return new FakeClient({ emeOutcome: 'pending', now: stoppedClock });
  const sessionState = state === 'undone' ? 'done' : state;
  return new FakeClient({ emeState: { state: sessionState, ending, secondsLeft }, leftOut: ['chName'], now: stoppedClock });
}

/**
 * `<iams-eme-autofill>`: "Fill with iAM Smart" fills the page's own form with the resident's e-ME
 * details once they approve in the app. Every state is a scripted session (no network, a stopped
 * clock); each play function opens the dialog and goes on as a resident would.
 */
const meta = {
  title: 'Components/e-ME form filling',
  id: 'eme-autofill',
  component: 'iams-eme-autofill',
  args: {
    'form-num': 'LIB-001',
    state: 'fields',
    secondsLeft: 180,
    onIamsState: fn(),
    onIamsFilled: fn(),
    onIamsError: fn(),
  },
  argTypes: {
    state: {
      description: "Storybook only: the dialog closed, the list of fields, the scripted session's state after Continue, or the summary after Undo.",
      control: 'select',
      options: ['closed', 'fields', 'starting', 'awaiting-scan', 'scanned', 'approved', 'done', 'undone', 'denied', 'expired', 'error'],
      table: { category: 'story' },
    },
    ending: {
      description: 'Storybook only: the failure behind `denied`, `expired` or `error`.',
      control: 'select',
      options: ['declined', 'code_mismatch', 'scanned_elsewhere', 'expired', 'form_data_error', 'invalid_config', 'network_error', 'rate_limited'],
      table: { category: 'story' },
    },
    secondsLeft: { control: { type: 'number', min: 0, max: 300, step: 5 }, table: { category: 'story' } },
    // Unset, the sample form's purpose in the form's language.
    purpose: { control: 'text' },
    lang: { control: 'inline-radio', options: ['en', 'zh-HK', 'zh-CN'] },
  },
  // The page's form in the element's language, or the page's (an `a11y-languages` story runs in all three).
  render: (args, { globals }) => html`
    <iams-provider .client=${clientFor(args)}>
      <iams-eme-autofill
        for="library-card"
        lang=${ifDefined(args.lang)}
        form-name=${ifDefined(args['form-name'])}
        form-num=${ifDefined(args['form-num'])}
        purpose=${ifDefined(args.purpose ?? LABELS[args.lang ?? localeOf(globals)].purpose)}
        .now=${stoppedClock}
        @iams-state=${args.onIamsState}
        @iams-filled=${args.onIamsFilled}
        @iams-error=${args.onIamsError}
      ></iams-eme-autofill>
    </iams-provider>
    ${sampleForm(args.lang ?? localeOf(globals))}
  `,
} satisfies Meta<EmeAutofillArgs>;

export default meta;

function parts(root: HTMLElement) {
  const host = root.querySelector('iams-eme-autofill');
  const shadow = host?.shadowRoot;
  if (!host || !shadow) throw new Error('iams-eme-autofill did not render');
  const part = (name: string) => shadow.querySelector<HTMLElement>(`[part~="${name}"]`);
  const text = (element: Element | null | undefined) => element?.textContent.replace(/\s+/g, ' ').trim();
  const qrLogin = () => shadow.querySelector('iams-qr-login');
  return {
    host,
    form: () => root.querySelector('form'),
    trigger: () => shadow.querySelector<HTMLButtonElement>('button[part~="trigger"]'),
    dialog: () => shadow.querySelector('dialog'),
    fields: () => [...(part('fields')?.querySelectorAll('li') ?? [])].map((item) => text(item)),
    continueButton: () => shadow.querySelector<HTMLButtonElement>('button[part~="continue"]'),
    summary: () => text(part('summary')),
    undo: () => shadow.querySelector<HTMLButtonElement>('button[part~="undo"]'),
    failure: () => text(part('failure')),
    status: () => text(part('dialog')?.querySelector(':scope > [role="status"]')),
    qrLogin,
    stage: () => qrLogin()?.shadowRoot?.querySelector<HTMLElement>('[part~="stage"]') ?? null,
    qr: () => qrLogin()?.shadowRoot?.querySelector('[part~="qr"]') ?? null,
    code: () => text(qrLogin()?.shadowRoot?.querySelector('[part~="code"]')),
    qrMessage: () => text(qrLogin()?.shadowRoot?.querySelector('[part~="message"]')),
  };
}

type Parts = ReturnType<typeof parts>;

/** Opens the dialog as the button does, continues when the story is past the list, and waits for `state`. */
async function opened(canvasElement: HTMLElement, state: StoryState): Promise<Parts> {
  const view = parts(canvasElement);
  await view.host.open();
  await waitFor(() => expect(view.dialog()?.open).toBe(true));
  await view.host.updateComplete;
  if (state === 'fields' || state === 'closed') return view;
  await waitFor(() => expect(view.continueButton()).toBeTruthy());
  view.continueButton()?.click();
  if (state === 'done' || state === 'undone') await waitFor(() => expect(view.summary()).toBeTruthy());
  else if (state === 'awaiting-scan') await waitFor(() => expect(view.qr()).toBeTruthy());
  else await waitFor(() => expect(view.stage()).toHaveAttribute('data-state', state));
  if (state === 'undone') {
    view.undo()?.click();
    await waitFor(() => expect(view.undo()).toBeNull());
  }
  await view.host.updateComplete;
  await view.qrLogin()?.updateComplete;
  return view;
}

function trigger(lang: Locale): Story {
  return {
    args: { lang, state: 'closed' },
    globals: { locale: lang },
    play: async ({ canvasElement }) => {
      const view = parts(canvasElement);
      await expect(view.trigger()).toHaveTextContent(messagesFor(lang).eme.label);
      await expect(view.trigger()).toBeEnabled();
    },
  };
}

/** "Fill with iAM Smart" beside the page's form; the dialog's code loads on the first click. */
export const Trigger: Story = { ...trigger('en'), name: 'Trigger' };

/** 「以智方便填寫」. */
export const TriggerZhHK: Story = { ...trigger('zh-HK'), name: 'Trigger (繁體中文)' };

/** 「以智方便填写」. */
export const TriggerZhCN: Story = { ...trigger('zh-CN'), name: 'Trigger (简体中文)' };

/** A form that asks for nothing iAM Smart holds: the button is disabled, and says why. In the page's language (`a11y-languages`). */
export const NothingToMap: Story = {
  name: 'Nothing to fill',
  tags: ['a11y-languages'],
  args: { state: 'closed' },
  render: (args, { globals }) => {
    const lang = localeOf(globals);
    return html`
      <iams-provider .client=${clientFor(args)}>
        <iams-eme-autofill for="feedback" .now=${stoppedClock}></iams-eme-autofill>
      </iams-provider>
      ${standInForm(html`<form id="feedback" class="stand-in-form" lang=${lang}>
        <label>${LABELS[lang].feedback} <textarea></textarea></label>
      </form>`)}
    `;
  },
  play: async ({ canvasElement, globals }) => {
    const view = parts(canvasElement);
    await expect(view.trigger()).toBeDisabled();
    await expect(view.host.shadowRoot?.querySelector('[part~="reason"]')).toHaveTextContent(messagesFor(localeOf(globals)).eme.errors.form_invalid);
  },
};

/** Before anything is asked: the form's name, number and purpose, and the details it asks for (never values), optional ones marked. */
function fields(lang: Locale): Story {
  return {
    args: { lang, state: 'fields' },
    globals: { locale: lang },
    play: async ({ canvasElement }) => {
      // Read here, not when the story is defined: the strings are loaded before a story (decision 042).
      const text = messagesFor(lang).eme;
      const view = await opened(canvasElement, 'fields');
      await expect(view.fields()).toEqual([
        `${text.fields.enName} ${text.required}`,
        `${text.fields.chName} ${text.optional}`,
        `${text.fields.prefix} ${text.optional}`,
        `${text.fields.birthDate} ${text.required}`,
        `${text.fields.mobileNumber} ${text.optional}`,
        `${text.fields.emailAddress} ${text.optional}`,
        `${text.fields.residentialAddress} ${text.optional}`,
        `${text.fields.propertyOwner} ${text.optional}`,
      ]);
      await expect(view.dialog()).toHaveTextContent(LABELS[lang].heading ?? '');
    },
  };
}

export const Fields: Story = { ...fields('en'), name: 'Fields asked for' };

export const FieldsZhHK: Story = { ...fields('zh-HK'), name: 'Fields asked for (繁體中文)' };

export const FieldsZhCN: Story = { ...fields('zh-CN'), name: 'Fields asked for (简体中文)' };

/** "Continue": the QR code, in form-filling words, with the identification code and the countdown. */
function awaitingScan(lang: Locale): Story {
  return {
    args: { lang, state: 'awaiting-scan' },
    globals: { locale: lang },
    play: async ({ canvasElement, args }) => {
      const view = await opened(canvasElement, 'awaiting-scan');
      await expect(view.code()).toContain(FAKE_USER_CODE);
      await expect(view.qr()).toHaveAttribute('aria-label', expect.stringContaining(messagesFor(lang).eme.qr.qrName.slice(0, 8)));
      await expect(details<{ state: string }>(args.onIamsState).map(({ state }) => state)).toEqual(['awaiting-scan']);
    },
  };
}

export const AwaitingScan: Story = { ...awaitingScan('en'), name: 'Awaiting scan' };

export const AwaitingScanZhHK: Story = { ...awaitingScan('zh-HK'), name: 'Awaiting scan (繁體中文)' };

export const AwaitingScanZhCN: Story = { ...awaitingScan('zh-CN'), name: 'Awaiting scan (简体中文)' };

/** The app opened the request: the resident chooses what to share there. */
export const Scanned: Story = {
  args: { state: 'scanned', secondsLeft: 150 },
  play: async ({ canvasElement }) => {
    await opened(canvasElement, 'scanned');
  },
};

/** Approved: the details are being read. */
export const Approved: Story = {
  args: { state: 'approved' },
  play: async ({ canvasElement }) => {
    const view = await opened(canvasElement, 'approved');
    await expect(view.stage()).toHaveTextContent(messagesFor('en').eme.qr.approved);
  },
};

/**
 * Filled at once: what went where and what did not (the Chinese name left out in the app, the
 * hidden HKIC field refused, the unknown name ignored), with Undo and Done; `iams-filled`.
 */
function filled(lang: Locale): Story {
  return {
    args: { lang, state: 'done' },
    globals: { locale: lang },
    play: async ({ canvasElement, args }) => {
      // Read here, not when the story is defined: the strings are loaded before a story (decision 042).
      const text = messagesFor(lang).eme;
      const view = await opened(canvasElement, 'done');
      await expect(view.summary()).toContain(text.filled);
      await expect(view.summary()).toContain(text.notFilled.missing);
      await expect(view.form()?.querySelector('[data-eme="enName.lastName"]')).toHaveValue('CHAN');
      await expect(view.form()?.querySelector('[type="date"]')).toHaveValue('1978-03-14');
      await expect(view.form()?.querySelector('[data-eme="chName"]')).toHaveValue('');
      await expect(view.form()?.querySelector('[type="hidden"]')).toHaveValue('');
      const [detail] = details<IamsFilledDetail>(args.onIamsFilled);
      await expect(detail?.filled.length).toBe(8);
      await expect(detail?.missing).toEqual(['chName']);
      await expect(detail?.refused.map(({ reason }) => reason)).toEqual(['hidden-type']);
      await expect(detail?.unknown.map(({ name }) => name)).toEqual(['staffNotes']);
    },
  };
}

export const Filled: Story = { ...filled('en'), name: 'Filled' };

export const FilledZhHK: Story = { ...filled('zh-HK'), name: 'Filled (繁體中文)' };

export const FilledZhCN: Story = { ...filled('zh-CN'), name: 'Filled (简体中文)' };

/** The names the planted fields go by on the page (an attacker's words, in each language). */
const TRAP_LABELS: Record<Locale, Record<'whiteOnWhite' | 'onePixel' | 'blended' | 'underLabel', string>> = {
  en: { whiteOnWhite: 'Reference', onePixel: 'Tracking', blended: 'Membership number', underLabel: 'Remarks' },
  'zh-HK': { whiteOnWhite: '參考編號', onePixel: '追蹤', blended: '會員號碼', underLabel: '備註' },
  'zh-CN': { whiteOnWhite: '参考编号', onePixel: '追踪', blended: '会员号码', underLabel: '备注' },
};

/** Each planted field: its `data-eme` name and the reason the element refuses it. */
const TRAPS = [
  { id: 'trap-white-on-white', field: 'homeTelNumber', label: 'whiteOnWhite', reason: 'illegible' },
  { id: 'trap-one-pixel', field: 'officeTelNumber', label: 'onePixel', reason: 'too-small' },
  { id: 'trap-blended', field: 'passportNumber', label: 'blended', reason: 'undecidable' },
  { id: 'trap-under-label', field: 'passportExpiry', label: 'underLabel', reason: 'covered' },
] as const;

/**
 * Fields an attacker's page might add to the form so that e-ME values go where the resident
 * cannot read them (issue 10; decision 025): white text on a white field with no border, a
 * 1×1 px field, a field under `mix-blend-mode: difference` (the kit cannot compute what a blend
 * leaves visible), and a field under its own `<label>`. Each has an accessible name (an
 * `aria-label`, or its label) so the page is still one a screen reader can use.
 */
function traps(lang: Locale) {
  const label = TRAP_LABELS[lang];
  return html`<div data-traps style="display:grid;gap:0.5rem;justify-items:start">
    <input id="trap-white-on-white" data-eme="homeTelNumber" aria-label=${label.whiteOnWhite} style="color:#fff;background:#fff;border:0" />
    <input id="trap-one-pixel" data-eme="officeTelNumber" aria-label=${label.onePixel} style="width:1px;height:1px;padding:0;border:0;margin-block:24px" />
    <label>${label.blended} <input id="trap-blended" data-eme="passportNumber" style="mix-blend-mode:difference" /></label>
    <div style="position:relative;inline-size:200px">
      <input id="trap-under-label" data-eme="passportExpiry" style="box-sizing:border-box;inline-size:200px;block-size:30px" />
      <label for="trap-under-label" style="position:absolute;inset:0;background:#fff;color:#111">${label.underLabel}</label>
    </div>
  </div>`;
}

/**
 * Filled, on a page that planted fields a resident could not read (decision 025): the
 * ordinary fields are filled as before; the planted ones are never asked for, stay empty, and
 * are listed under "Not filled" with why — `illegible` (white on white), `too-small` (1×1 px),
 * `undecidable` (a blend mode), `covered` (under its own label) — beside the hidden HKIC field
 * (`hidden-type`); `iams-filled` reports each reason.
 *
 * Accessibility check: this story renders an attack page on purpose, yet axe runs on all of it
 * with every rule, nothing left out. The planted fields pass on their own terms: each has an
 * accessible name; they stay empty, so the white-on-white one has no text for the contrast rule
 * to measure (its label is an `aria-label`, not white text); and the 1×1 px field keeps 24 px
 * clear around it, which WCAG 2.5.8 (target size, minimum) allows for a small target.
 */
function filledWithTraps(lang: Locale): Story {
  const label = TRAP_LABELS[lang];
  return {
    args: { lang, state: 'done' },
    globals: { locale: lang },
    render: (args) => html`
      <iams-provider .client=${clientFor(args)}>
        <iams-eme-autofill
          for="library-card"
          lang=${lang}
          form-num=${ifDefined(args['form-num'])}
          purpose=${ifDefined(args.purpose ?? LABELS[lang].purpose)}
          .now=${stoppedClock}
          @iams-state=${args.onIamsState}
          @iams-filled=${args.onIamsFilled}
          @iams-error=${args.onIamsError}
        ></iams-eme-autofill>
      </iams-provider>
      ${sampleForm(lang, traps(lang))}
    `,
    play: async ({ canvasElement, args, step }) => {
      // Read here, not when the story is defined: the strings are loaded before a story (decision 042).
      const text = messagesFor(lang).eme;
      const view = parts(canvasElement);
      const form = view.form();
      const trap = (id: string) => form?.querySelector(`#${id}`);
      await step('the planted fields are not asked for', async () => {
        await view.host.open();
        await waitFor(() => expect(view.dialog()?.open).toBe(true));
        await view.host.updateComplete;
        for (const field of ['homeTelNumber', 'officeTelNumber', 'passportNumber', 'passportExpiry'] as const) {
          await expect(view.fields().some((item) => item?.startsWith(text.fields[field]))).toBe(false);
        }
        await expect(view.fields()).toHaveLength(8);
      });
      await step('approved: the ordinary fields are filled, the planted ones stay empty', async () => {
        await waitFor(() => expect(view.continueButton()).toBeTruthy());
        view.continueButton()?.click();
        await waitFor(() => expect(view.summary()).toBeTruthy());
        await view.host.updateComplete;
        await expect(form?.querySelector('[data-eme="enName.lastName"]')).toHaveValue('CHAN');
        await expect(form?.querySelector('[autocomplete="given-name"]')).toHaveValue('Tai Man');
        await expect(form?.querySelector('[type="date"]')).toHaveValue('1978-03-14');
        await expect(form?.querySelector('[data-eme="mobileNumber"]')).not.toHaveValue('');
        await expect(form?.querySelector('[data-eme="residentialAddress"]')).not.toHaveValue('');
        for (const { id } of TRAPS) {
          await expect(trap(id)).toHaveValue('');
          await expect(trap(id)).not.toHaveAttribute('data-iams-filled');
        }
      });
      await step('iams-filled says why each one was refused', async () => {
        const [detail] = details<IamsFilledDetail>(args.onIamsFilled);
        await expect(detail?.filled.length).toBe(8);
        await expect(detail?.filled.some(({ element }) => element.closest('[data-traps]'))).toBe(false);
        const refused = Object.fromEntries(detail?.refused.map(({ field, reason }) => [field, reason]) ?? []);
        await expect(refused).toEqual({ idNo: 'hidden-type', ...Object.fromEntries(TRAPS.map(({ field, reason }) => [field, reason])) });
        await expect(detail?.refused.filter(({ element }) => element.closest('[data-traps]')).map(({ element }) => element.id).sort()).toEqual(
          TRAPS.map(({ id }) => id).sort(),
        );
      });
      await step('the summary lists them under "Not filled", in the resident\'s words', async () => {
        const notFilled = [...(view.host.shadowRoot?.querySelectorAll('[part~="summary"] .not-filled li') ?? [])].map((item) =>
          item.textContent.replace(/\s+/g, ' ').trim(),
        );
        await expect(view.summary()).toContain(text.notFilledList);
        for (const { field, label: name, reason } of TRAPS) {
          const why = text.refusedAskedFor.replace('{why}', text.notFilled[reason]).replace('{field}', text.fields[field]);
          await expect(notFilled).toContain(`${label[name]} — ${why}`);
        }
        await expect(notFilled).toContain(`${text.fields.idNo} — ${text.notFilled['hidden-type']}`);
        // A field left out is named by the page's label alone (as in Filled).
        await expect(notFilled).toContain(`${LABELS[lang].chinese ?? ''} — ${text.notFilled.missing}`);
        await expect(notFilled).toHaveLength(TRAPS.length + 2);
      });
    },
  };
}

/**
 * A page that planted four fields a resident could not read — white on white, 1×1 px, under a
 * blend mode, under its own label — beside the library card form: the ordinary fields are filled,
 * the planted ones stay empty and are listed under "Not filled" as "its text would not be
 * readable", "too small to read", "could not be checked as readable" and "covered by something
 * else". Axe checks the whole page, planted fields included, with no rule left out.
 */
export const FilledWithTraps: Story = { ...filledWithTraps('en'), name: 'Filled, unreadable fields refused' };

export const FilledWithTrapsZhHK: Story = { ...filledWithTraps('zh-HK'), name: 'Filled, unreadable fields refused (繁體中文)' };

export const FilledWithTrapsZhCN: Story = { ...filledWithTraps('zh-CN'), name: 'Filled, unreadable fields refused (简体中文)' };

/** Undo: every field is back as it was, and the dialog says so. */
export const Undone: Story = {
  name: 'Undone',
  args: { state: 'undone' },
  play: async ({ canvasElement }) => {
    const view = await opened(canvasElement, 'undone');
    await expect(view.summary()).toContain(messagesFor('en').eme.undone);
    await expect(view.form()?.querySelector('[data-eme="enName.lastName"]')).toHaveValue('');
    await expect(view.form()?.querySelector('[data-iams-filled]')).toBeNull();
  },
};

/**
 * A failure the QR login shows in form-filling words, with "Try again" or "Get a new QR code";
 * `iams-error` from the element. In the page's language: each story tags itself `a11y-languages`
 * (the indexer reads tags from the export) to run in all three.
 */
function failed(state: 'denied' | 'expired' | 'error', ending: FakeEmeEnding, code: IamSmartErrorCode): Story {
  return {
    args: { state, ending },
    play: async ({ canvasElement, args, globals }) => {
      const view = await opened(canvasElement, state);
      await expect(view.qrMessage()).toBe((messagesFor(localeOf(globals)).eme.errors as Record<string, string>)[code]);
      await expect(details(args.onIamsError)).toEqual([expect.objectContaining({ code })]);
      await expect(view.form()?.querySelector('[data-iams-filled]')).toBeNull();
    },
  };
}

export const Declined: Story = { ...failed('denied', 'declined', 'access_denied'), name: 'Denied (declined)', tags: ['a11y-languages'] };

/**
 * The code was opened on a second phone: the request is bound to the first phone, so a second one
 * stops it for safety; no details came, nothing was filled, and "Try again" starts over.
 */
const scannedElsewhere = failed('denied', 'scanned_elsewhere', 'scanned_elsewhere');
export const DeniedScannedElsewhere: Story = {
  ...scannedElsewhere,
  name: 'Denied (scanned on another phone)',
  tags: ['a11y-languages'],
  play: async (context) => {
    await scannedElsewhere.play?.(context);
    const view = parts(context.canvasElement);
    const text = messagesFor(localeOf(context.globals));
    // The English words themselves, so a change to the string is seen here too (the Chinese ones are in the snapshots).
    if (localeOf(context.globals) === 'en') await expect(view.qrMessage()).toMatch(/^This QR code was scanned on more than one phone, so the request was stopped for your safety\. Nothing was filled\..*your own phone only\.$/);
    await expect(view.stage()?.querySelector('.title')).toHaveTextContent(text.eme.qr.denied);
    await expect(view.qrLogin()?.shadowRoot?.querySelector('button[part~="new-code"]')).toHaveTextContent(text.qr.tryAgain);
    await expect(details(context.args.onIamsFilled)).toEqual([]);
    await expect(view.form()?.querySelector('[data-eme="enName.lastName"]')).toHaveValue('');
  },
};

export const Expired: Story = { ...failed('expired', 'expired', 'session_expired'), tags: ['a11y-languages'] };

export const FormDataError: Story = { ...failed('error', 'form_data_error', 'form_data_error'), name: 'Error (details unreadable)', tags: ['a11y-languages'] };

/** No `<iams-provider>` and no `client`: the dialog says filling is not available here. In the page's language (`a11y-languages`). */
export const WithoutProvider: Story = {
  name: 'Without a provider',
  tags: ['a11y-languages'],
  render: (_args, { globals }) => html`<iams-eme-autofill for="library-card"></iams-eme-autofill>${sampleForm(localeOf(globals))}`,
  play: async ({ canvasElement, globals }) => {
    const view = parts(canvasElement);
    await view.host.open();
    await waitFor(() => expect(view.failure()).toContain(messagesFor(localeOf(globals)).eme.notConfigured));
  },
};

/** On a page that declares `color-scheme: dark`. */
export const DarkPage: Story = {
  name: 'Dark page, filled',
  args: { state: 'done' },
  globals: { backgrounds: { value: 'dark' } },
  play: async ({ canvasElement }) => {
    await opened(canvasElement, 'done');
  },
};
