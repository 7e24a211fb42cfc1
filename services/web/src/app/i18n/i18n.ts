// The app's languages: one file each (en.ts is the reference, its keys the type). Adding a language is
// one file plus one line in LANGUAGES. The browser's language is the default; a choice is remembered.
import { useEffect, useState } from 'preact/hooks';
import { en, type MessageKey, type Messages } from './en';
import { nl } from './nl';

export const LANGUAGES = { en: { name: 'English', messages: en }, nl: { name: 'Nederlands', messages: nl } } as const satisfies Record<
  string,
  { name: string; messages: Messages }
>;
export type Language = keyof typeof LANGUAGES;
const STORAGE_KEY = 'webinar.language';

function isLanguage(value: string | null | undefined): value is Language {
  return value !== null && value !== undefined && Object.hasOwn(LANGUAGES, value);
}

function initial(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage refused (private mode, policy): the browser's language then.
  }
  if (isLanguage(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

let current: Language = initial();
const listeners = new Set<(lang: Language) => void>();
document.documentElement.lang = current;

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered, but switched.
  }
  for (const listener of listeners) listener(lang);
}

/** The message for `key` in the current language, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = LANGUAGES[current].messages[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Whether a (dynamic) key exists, e.g. a message per API error code. */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Re-renders the calling component when the language changes. */
export function useLanguage(): Language {
  const [lang, setLang] = useState(current);
  useEffect(() => {
    listeners.add(setLang);
    return () => void listeners.delete(setLang);
  }, []);
  return lang;
}

/** Dates and times in the viewer's own zone and language. */
export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(current, { dateStyle: 'full', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}
