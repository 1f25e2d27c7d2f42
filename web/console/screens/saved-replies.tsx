// Saved replies (T3, U4): the team's texts in five languages, with the placeholders the desk fills in for a thread when
// an agent inserts one into an answer. Any agent keeps them, as the API allows.
import type { z } from 'zod';
import { PLACEHOLDERS } from '../../../functions/desk/saved-replies';
import type { SavedReply } from '../../../functions/http/schemas/agent';
import { lang, t } from '../ui';
import { EditableList, type FieldsProps } from './editable-list';
import { LocalizedFields, localizedOf } from './localized-fields';

type Item = z.infer<typeof SavedReply>;

function SavedReplyFields({ id, item, errors }: FieldsProps<Item>) {
  const texts = t.value.savedReplies;
  return (
    <>
      <LocalizedFields id={id} name="name" label={texts.name} values={item?.name} errors={errors} />
      <LocalizedFields id={id} name="text" label={texts.text} values={item?.text} errors={errors} multiline />
    </>
  );
}

/** The placeholders as the desk reads them (functions/desk/saved-replies.ts), each with what it becomes. */
function Placeholders() {
  const texts = t.value.savedReplies;
  return (
    <section class="placeholders" aria-labelledby="placeholders-heading">
      <h2 id="placeholders-heading">{texts.placeholders}</h2>
      <p class="hint">{texts.placeholdersHint}</p>
      <dl>
        {PLACEHOLDERS.map((p) => (
          <div key={p}>
            <dt>
              <code>{`{${p}}`}</code>
            </dt>
            <dd>{texts.placeholder[p]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function bodyOf(form: HTMLFormElement) {
  const data = new FormData(form);
  return { name: localizedOf(data, 'name'), text: localizedOf(data, 'text') };
}

export function SavedRepliesScreen() {
  const texts = t.value.savedReplies;
  return (
    <EditableList<Item>
      path="/v1/saved-replies"
      texts={texts}
      ids={{ list: 'saved-replies-heading', add: 'saved-reply-add-heading', form: 'saved-reply' }}
      intro={
        <>
          <p>{texts.intro}</p>
          <Placeholders />
        </>
      }
      nameOf={(r) => r.name[lang.value] ?? r.name.en ?? r.id}
      details={(r) => <span class="muted">{r.text[lang.value] ?? r.text.en}</span>}
      fields={SavedReplyFields}
      marksFields
      bodyOf={bodyOf}
    />
  );
}
