// The app's small set of accessible building blocks: every input has a visible label, status lines
// are live regions, and each page's heading takes focus on arrival so screen readers announce it.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/http';
import type { MessageKey } from '../i18n/en';
import { hasMessage, t } from '../i18n/i18n';

export function Page(props: { title: string; children: ComponentChildren; wide?: boolean }): JSX.Element {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
    heading.current?.focus();
  }, [props.title]);
  return (
    <section class={props.wide ? 'page page-wide' : 'page'}>
      <h1 tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      {props.children}
    </section>
  );
}

let fieldCount = 0;
/** A stable id per field instance, tying the label (and hint) to the control. */
export function useId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${++fieldCount}`);
  return id;
}

interface FieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  inputMode?: 'numeric' | 'text' | 'email';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  name?: string;
}

export function Field(props: FieldProps): JSX.Element {
  const id = useId('f');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name ?? id}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required ?? true}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        {...(props.autocomplete ? { autocomplete: props.autocomplete } : {})}
        {...(props.inputMode ? { inputMode: props.inputMode } : {})}
        {...(props.minLength !== undefined ? { minLength: props.minLength } : {})}
        {...(props.maxLength !== undefined ? { maxLength: props.maxLength } : {})}
        {...(props.pattern ? { pattern: props.pattern } : {})}
        {...(props.hint ? { 'aria-describedby': `${id}-hint` } : {})}
      />
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

export function Select(props: { label: string; value: string; onChange: (v: string) => void; options: Array<[string, string]> }): JSX.Element {
  const id = useId('s');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A polite live region; `error` ones are assertive. Empty until there is something to say. */
export function Status(props: { message: string; kind?: 'info' | 'error' | 'ok'; testId?: string }): JSX.Element {
  const kind = props.kind ?? 'info';
  return (
    <p class={`status status-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={props.testId}>
      {props.message}
    </p>
  );
}

/** A message kept as its key (worded at render time, so a language switch rewords it). */
export type Msg = { key: MessageKey; params: Record<string, string | number> } | string | undefined;
export const msg = (key: MessageKey, params: Record<string, string | number> = {}): Msg => ({ key, params });
export const say = (m: Msg): string => (typeof m === 'string' ? m : m ? t(m.key, m.params) : '');

/** A refusal the app words itself (kept as a key, so it follows a language switch). */
export class Refusal extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** The message to show for a failed call: a translation of its code when there is one. */
export function errorText(error: unknown): string {
  if (error instanceof Refusal) return t(error.key, error.params);
  if (!(error instanceof ApiError)) return t('error.network');
  if (error.code === 'NETWORK') return t('error.network');
  if (error.status === 429) return t('error.rate');
  if (error.code === 'AUTH.MFA_REQUIRED') return t('error.mfa');
  if (error.code === 'AUTH.ELEVATION_REQUIRED') return t('error.elevation');
  const key = `password.${error.code}`;
  if (hasMessage(key)) return t(key);
  return t('error.generic', { message: error.message });
}

/** A copy button that says, in a live region, whether copying worked. */
export function CopyButton(props: { text: string; label?: string }): JSX.Element {
  const [said, setSaid] = useState('');
  const copy = () => {
    navigator.clipboard.writeText(props.text).then(
      () => setSaid(t('copy.copied')),
      () => setSaid(t('copy.failed')),
    );
  };
  return (
    <span class="copy">
      <button type="button" class="secondary" onClick={copy}>
        {props.label ?? t('copy.copy')}
      </button>
      <span role="status" class="copy-status">
        {said}
      </span>
    </span>
  );
}

/** Runs an async action from a form: disables the button meanwhile, reports failure. */
export function useAction(): {
  busy: boolean;
  error: string;
  run: (action: () => Promise<void>) => (event?: Event) => void;
  setError: (failure: unknown) => void;
} {
  const [busy, setBusy] = useState(false);
  // The failure itself, worded at render time: a language switch rewords it.
  const [failure, setFailure] = useState<{ error: unknown } | undefined>();
  const run = (action: () => Promise<void>) => (event?: Event) => {
    event?.preventDefault();
    setBusy(true);
    setFailure(undefined);
    action().then(
      () => setBusy(false),
      (error: unknown) => {
        setBusy(false);
        setFailure({ error });
      },
    );
  };
  const setError = (error: unknown) => setFailure(error === '' || error === undefined ? undefined : { error });
  return { busy, error: failure ? errorText(failure.error) : '', run, setError };
}
