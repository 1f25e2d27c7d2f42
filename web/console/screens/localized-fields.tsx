// A text in the five languages as form fields (English required), and reading them back from the form without the empty ones.
import { LANGS, LANGUAGE_NAMES, type Lang } from '../../shared/i18n';
import { t } from '../ui';

export function LocalizedFields({ id, name, label, values, multiline }: { id: string; name: string; label: string; values?: Partial<Record<Lang, string>>; multiline?: boolean }) {
  return (
    <fieldset>
      <legend>{label}</legend>
      <div class={multiline ? undefined : 'grid-fields'}>
        {LANGS.map((l) => (
          <div class="field" key={l}>
            <label for={`${id}-${name}-${l}`}>{t.value.admin.inLang(label, LANGUAGE_NAMES[l])}</label>
            {multiline ? (
              <textarea id={`${id}-${name}-${l}`} name={`${name}.${l}`} lang={l} rows={3} defaultValue={values?.[l] ?? ''} required={l === 'en'} />
            ) : (
              <input id={`${id}-${name}-${l}`} name={`${name}.${l}`} lang={l} type="text" defaultValue={values?.[l] ?? ''} required={l === 'en'} />
            )}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The languages filled in for `name` ({en: …, fr: …}); an empty one is left out, so it falls back to English. */
export function localizedOf(form: FormData, name: string): Partial<Record<Lang, string>> {
  const out: Partial<Record<Lang, string>> = {};
  for (const l of LANGS) {
    const value = String(form.get(`${name}.${l}`) ?? '').trim();
    if (value) out[l] = value;
  }
  return out;
}
