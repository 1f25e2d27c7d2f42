// A text in the five languages as form fields (English required), and reading them back from the form without the empty ones.
import { LANGS, LANGUAGE_NAMES, type Lang } from '../../shared/i18n';
import { t, type FieldErrors } from '../ui';
import { FieldError, markedBy } from './editable-list';

/** `errors`, when given, are the API's field errors: the one of `${name}.${lang}` shows under its field. */
export function LocalizedFields({ id, name, label, values, multiline, errors }: { id: string; name: string; label: string; values?: Partial<Record<Lang, string>>; multiline?: boolean; errors?: FieldErrors }) {
  return (
    <fieldset>
      <legend>{label}</legend>
      <div class={multiline ? undefined : 'grid-fields'}>
        {LANGS.map((l) => {
          const fieldId = `${id}-${name}-${l}`;
          const error = errors?.[`${name}.${l}`];
          const common = { id: fieldId, name: `${name}.${l}`, lang: l, defaultValue: values?.[l] ?? '', required: l === 'en', ...markedBy(fieldId, error) };
          return (
            <div class="field" key={l}>
              <label for={fieldId}>{t.value.admin.inLang(label, LANGUAGE_NAMES[l])}</label>
              {multiline ? <textarea {...common} rows={3} /> : <input {...common} type="text" />}
              <FieldError fieldId={fieldId} error={error} />
            </div>
          );
        })}
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
