// The contact form's texts in Russian: a chunk of its own, loaded only for a form in this language.
import files from '../../shared/file-picker-texts/ru';
import type { FormTexts } from '../texts';

export default {
  heading: 'Напишите нам',
  loading: 'Загрузка формы…',
  contact: 'Тема',
  email: 'Ваш e-mail',
  name: 'Ваше имя',
  optional: '(необязательно)',
  order: 'Номер заказа',
  orderHint: 'Если сообщение касается заказа.',
  message: 'Сообщение',
  honeypot: 'Оставьте это поле пустым',
  send: 'Отправить',
  sending: 'Отправка…',
  successTitle: 'Спасибо, ваше сообщение отправлено.',
  successText: 'Мы отправили вам подтверждение по e-mail. Служба поддержки ответит вам как можно скорее.',
  another: 'Написать ещё одно сообщение',
  fieldErrors: {
    contactId: 'Пожалуйста, выберите тему.',
    email: 'Введите действительный адрес e-mail, например name@example.com.',
    name: 'Введите имя в одну строку, не больше 100 символов.',
    orderReference: 'Номер заказа содержит только буквы, цифры и # _ . - (не больше 64).',
    message: 'Пожалуйста, напишите сообщение.',
    messageTooLong: 'Сообщение слишком длинное: не больше 20 000 символов.',
  },
  fixFields: 'Проверьте отмеченные ниже поля.',
  tryAgainIn: (m) => `Вы отправили много сообщений за короткое время. Попробуйте снова через ${m} мин.`,
  tooLarge: 'Сообщение слишком длинное для отправки. Сократите его, пожалуйста.',
  offline: 'Сервер недоступен. Проверьте подключение и отправьте снова.',
  failed: 'У нас произошла ошибка. Пожалуйста, отправьте снова чуть позже.',
  unavailable: 'Форма обратной связи сейчас недоступна. Попробуйте позже.',
  ...files,
} satisfies FormTexts;
