// Order messages (A9, U4): predefined texts in five languages that agents insert into a reply or send to an order's customer.
import type { z } from 'zod';
import type { OrderMessage } from '../../../functions/http/schemas/admin';
import { lang, t } from '../ui';
import { EditableList, type FieldsProps } from './editable-list';
import { LocalizedFields, localizedOf } from './localized-fields';

type Item = z.infer<typeof OrderMessage>;

function OrderMessageFields({ id, item, errors }: FieldsProps<Item>) {
  const texts = t.value.admin.orderMessages;
  return (
    <>
      <LocalizedFields id={id} name="name" label={texts.name} values={item?.name} errors={errors} />
      <LocalizedFields id={id} name="text" label={texts.text} values={item?.text} errors={errors} multiline />
    </>
  );
}

function bodyOf(form: HTMLFormElement) {
  const data = new FormData(form);
  return { name: localizedOf(data, 'name'), text: localizedOf(data, 'text') };
}

export function OrderMessagesScreen() {
  return (
    <EditableList<Item>
      path="/v1/order-messages"
      texts={t.value.admin.orderMessages}
      ids={{ list: 'order-messages-heading', add: 'om-add-heading', form: 'om' }}
      nameOf={(m) => m.name[lang.value] ?? m.name.en ?? m.id}
      details={(m) => <span class="muted">{m.text[lang.value] ?? m.text.en}</span>}
      fields={OrderMessageFields}
      marksFields
      bodyOf={bodyOf}
    />
  );
}
