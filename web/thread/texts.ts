// Every text of the thread page, in the five languages (statuses as in the desk's vocabulary).
import de from '../shared/file-picker-texts/de';
import en from '../shared/file-picker-texts/en';
import es from '../shared/file-picker-texts/es';
import fr from '../shared/file-picker-texts/fr';
import ru from '../shared/file-picker-texts/ru';
import type { FilePickerTexts } from '../shared/file-picker';
import type { Catalogue } from '../shared/i18n';

const files: Catalogue<FilePickerTexts> = { en, fr, de, es, ru };

export interface ThreadTexts extends FilePickerTexts {
  pageTitle: string;
  loading: string;
  language: string;
  heading: (contact: string | null) => string;
  order: string;
  startedOn: string;
  status: string;
  statuses: { open: string; closed: string };
  you: string;
  customerService: string;
  attachments: string;
  answerHeading: string;
  answerLabel: string;
  answerHint: string;
  closedHint: string;
  send: string;
  sending: string;
  sent: string;
  required: string;
  fixFields: string;
  tryAgainIn: (minutes: number) => string;
  tooLarge: string;
  offline: string;
  failed: string;
  invalidTitle: string;
  invalidText: string;
}

export const TEXTS: Catalogue<ThreadTexts> = {
  en: {
    ...files.en,
    pageTitle: 'Your request',
    loading: 'Loading your request…',
    language: 'Language',
    heading: (c) => (c ? `Your request to ${c}` : 'Your request'),
    order: 'Order',
    startedOn: 'Started',
    status: 'Status',
    statuses: { open: 'Open', closed: 'Closed' },
    you: 'You',
    customerService: 'Customer service',
    attachments: 'Attachments',
    answerHeading: 'Answer',
    answerLabel: 'Your message',
    answerHint: 'Our customer service gets your answer at once; you also get our replies by e-mail.',
    closedHint: 'This request is closed. Writing again reopens it.',
    send: 'Send',
    sending: 'Sending…',
    sent: 'Your answer was sent. Thank you!',
    required: 'Please write a message.',
    fixFields: 'Please check the fields marked below.',
    tryAgainIn: (m) => `You have sent many messages in a short time. Please try again in ${m} ${m === 1 ? 'minute' : 'minutes'}.`,
    tooLarge: 'Your message is too long. Please shorten it.',
    offline: 'The server could not be reached. Check your connection and send again.',
    failed: 'Something went wrong on our side. Please send again in a moment.',
    invalidTitle: 'This link is not valid',
    invalidText: 'It may be incomplete or out of date. Please open the link in the latest e-mail we sent you, or contact us again through the shop.',
  },
  fr: {
    ...files.fr,
    pageTitle: 'Votre demande',
    loading: 'Chargement de votre demande…',
    language: 'Langue',
    heading: (c) => (c ? `Votre demande à ${c}` : 'Votre demande'),
    order: 'Commande',
    startedOn: 'Commencée le',
    status: 'Statut',
    statuses: { open: 'Ouvert', closed: 'Terminé' },
    you: 'Vous',
    customerService: 'Service client',
    attachments: 'Pièces jointes',
    answerHeading: 'Répondre',
    answerLabel: 'Votre message',
    answerHint: 'Notre service client reçoit votre réponse immédiatement ; vous recevez aussi nos réponses par e-mail.',
    closedHint: 'Cette demande est terminée. Écrire à nouveau la rouvre.',
    send: 'Envoyer',
    sending: 'Envoi…',
    sent: 'Votre réponse a été envoyée. Merci !',
    required: 'Veuillez écrire un message.',
    fixFields: 'Veuillez vérifier les champs signalés ci-dessous.',
    tryAgainIn: (m) => `Vous avez envoyé beaucoup de messages en peu de temps. Veuillez réessayer dans ${m} minute${m === 1 ? '' : 's'}.`,
    tooLarge: 'Votre message est trop long. Veuillez le raccourcir.',
    offline: 'Le serveur est injoignable. Vérifiez votre connexion et renvoyez.',
    failed: 'Une erreur est survenue de notre côté. Veuillez renvoyer dans un instant.',
    invalidTitle: 'Ce lien n’est pas valide',
    invalidText: 'Il est peut-être incomplet ou périmé. Ouvrez le lien du dernier e-mail que nous vous avons envoyé, ou contactez-nous à nouveau depuis la boutique.',
  },
  de: {
    ...files.de,
    pageTitle: 'Ihre Anfrage',
    loading: 'Ihre Anfrage wird geladen…',
    language: 'Sprache',
    heading: (c) => (c ? `Ihre Anfrage an ${c}` : 'Ihre Anfrage'),
    order: 'Bestellung',
    startedOn: 'Begonnen am',
    status: 'Status',
    statuses: { open: 'Offen', closed: 'Erledigt' },
    you: 'Sie',
    customerService: 'Kundenservice',
    attachments: 'Anhänge',
    answerHeading: 'Antworten',
    answerLabel: 'Ihre Nachricht',
    answerHint: 'Unser Kundenservice erhält Ihre Antwort sofort; unsere Antworten erhalten Sie auch per E-Mail.',
    closedHint: 'Diese Anfrage ist erledigt. Wenn Sie erneut schreiben, wird sie wieder geöffnet.',
    send: 'Senden',
    sending: 'Wird gesendet…',
    sent: 'Ihre Antwort wurde gesendet. Vielen Dank!',
    required: 'Bitte schreiben Sie eine Nachricht.',
    fixFields: 'Bitte prüfen Sie die unten markierten Felder.',
    tryAgainIn: (m) => `Sie haben in kurzer Zeit viele Nachrichten gesendet. Bitte versuchen Sie es in ${m} ${m === 1 ? 'Minute' : 'Minuten'} erneut.`,
    tooLarge: 'Ihre Nachricht ist zu lang. Bitte kürzen Sie sie.',
    offline: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und senden Sie erneut.',
    failed: 'Bei uns ist ein Fehler aufgetreten. Bitte senden Sie gleich noch einmal.',
    invalidTitle: 'Dieser Link ist ungültig',
    invalidText: 'Er ist vielleicht unvollständig oder veraltet. Öffnen Sie den Link aus der neuesten E-Mail von uns oder kontaktieren Sie uns erneut über den Shop.',
  },
  es: {
    ...files.es,
    pageTitle: 'Su solicitud',
    loading: 'Cargando su solicitud…',
    language: 'Idioma',
    heading: (c) => (c ? `Su solicitud a ${c}` : 'Su solicitud'),
    order: 'Pedido',
    startedOn: 'Iniciada el',
    status: 'Estado',
    statuses: { open: 'Abierto', closed: 'Cerrado' },
    you: 'Usted',
    customerService: 'Servicio al cliente',
    attachments: 'Archivos adjuntos',
    answerHeading: 'Responder',
    answerLabel: 'Su mensaje',
    answerHint: 'Nuestro servicio al cliente recibe su respuesta al instante; también recibirá nuestras respuestas por correo.',
    closedHint: 'Esta solicitud está cerrada. Si escribe de nuevo, se reabrirá.',
    send: 'Enviar',
    sending: 'Enviando…',
    sent: 'Su respuesta ha sido enviada. ¡Gracias!',
    required: 'Escriba un mensaje, por favor.',
    fixFields: 'Revise los campos señalados abajo, por favor.',
    tryAgainIn: (m) => `Ha enviado muchos mensajes en poco tiempo. Inténtelo de nuevo dentro de ${m} ${m === 1 ? 'minuto' : 'minutos'}.`,
    tooLarge: 'Su mensaje es demasiado largo. Acórtelo, por favor.',
    offline: 'No se pudo contactar con el servidor. Compruebe su conexión y vuelva a enviar.',
    failed: 'Algo ha fallado por nuestra parte. Vuelva a enviar en un momento.',
    invalidTitle: 'Este enlace no es válido',
    invalidText: 'Puede que esté incompleto o caducado. Abra el enlace del último correo que le enviamos o contáctenos de nuevo desde la tienda.',
  },
  ru: {
    ...files.ru,
    pageTitle: 'Ваше обращение',
    loading: 'Загрузка обращения…',
    language: 'Язык',
    heading: (c) => (c ? `Ваше обращение: ${c}` : 'Ваше обращение'),
    order: 'Заказ',
    startedOn: 'Начато',
    status: 'Статус',
    statuses: { open: 'Открыта', closed: 'Закрыта' },
    you: 'Вы',
    customerService: 'Служба поддержки',
    attachments: 'Вложения',
    answerHeading: 'Ответить',
    answerLabel: 'Ваше сообщение',
    answerHint: 'Служба поддержки сразу получит ваш ответ; наши ответы также приходят вам по e-mail.',
    closedHint: 'Это обращение закрыто. Новое сообщение откроет его снова.',
    send: 'Отправить',
    sending: 'Отправка…',
    sent: 'Ваш ответ отправлен. Спасибо!',
    required: 'Пожалуйста, напишите сообщение.',
    fixFields: 'Проверьте отмеченные ниже поля.',
    tryAgainIn: (m) => `Вы отправили много сообщений за короткое время. Попробуйте снова через ${m} мин.`,
    tooLarge: 'Сообщение слишком длинное. Сократите его, пожалуйста.',
    offline: 'Сервер недоступен. Проверьте подключение и отправьте снова.',
    failed: 'У нас произошла ошибка. Пожалуйста, отправьте снова чуть позже.',
    invalidTitle: 'Эта ссылка недействительна',
    invalidText: 'Возможно, она неполная или устарела. Откройте ссылку из последнего письма, которое мы вам отправили, или напишите нам снова через магазин.',
  },
};
