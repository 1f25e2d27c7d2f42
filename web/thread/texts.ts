// Every text of the thread page, in the five languages (statuses as in the desk's vocabulary).
import type { Catalogue } from '../shared/i18n';

export interface ThreadTexts {
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
  filesLabel: string;
  filesHint: (count: number, extensions: string, size: string) => string;
  removeFile: (name: string) => string;
  uploading: string;
  uploaded: string;
  send: string;
  sending: string;
  sent: string;
  required: string;
  fileType: (name: string, extensions: string) => string;
  fileSize: (name: string, size: string) => string;
  fileEmpty: (name: string) => string;
  tooManyFiles: (count: number) => string;
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
    filesLabel: 'Attach files',
    filesHint: (n, ext, size) => `Up to ${n} files (${ext}), ${size} each.`,
    removeFile: (name) => `Remove ${name}`,
    uploading: 'Uploading',
    uploaded: 'Uploaded',
    send: 'Send',
    sending: 'Sending…',
    sent: 'Your answer was sent. Thank you!',
    required: 'Please write a message.',
    fileType: (name, ext) => `“${name}” cannot be sent: allowed files are ${ext}.`,
    fileSize: (name, size) => `“${name}” is too large: at most ${size}.`,
    fileEmpty: (name) => `“${name}” is empty.`,
    tooManyFiles: (n) => `At most ${n} files.`,
    fixFields: 'Please check the fields marked below.',
    tryAgainIn: (m) => `You have sent many messages in a short time. Please try again in ${m} ${m === 1 ? 'minute' : 'minutes'}.`,
    tooLarge: 'Your message is too long. Please shorten it.',
    offline: 'The server could not be reached. Check your connection and send again.',
    failed: 'Something went wrong on our side. Please send again in a moment.',
    invalidTitle: 'This link is not valid',
    invalidText: 'It may be incomplete or out of date. Please open the link in the latest e-mail we sent you, or contact us again through the shop.',
  },
  fr: {
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
    filesLabel: 'Joindre des fichiers',
    filesHint: (n, ext, size) => `Jusqu’à ${n} fichiers (${ext}), ${size} chacun.`,
    removeFile: (name) => `Retirer ${name}`,
    uploading: 'Envoi',
    uploaded: 'Envoyé',
    send: 'Envoyer',
    sending: 'Envoi…',
    sent: 'Votre réponse a été envoyée. Merci !',
    required: 'Veuillez écrire un message.',
    fileType: (name, ext) => `« ${name} » ne peut pas être envoyé : fichiers acceptés : ${ext}.`,
    fileSize: (name, size) => `« ${name} » est trop volumineux : ${size} au maximum.`,
    fileEmpty: (name) => `« ${name} » est vide.`,
    tooManyFiles: (n) => `${n} fichiers au maximum.`,
    fixFields: 'Veuillez vérifier les champs signalés ci-dessous.',
    tryAgainIn: (m) => `Vous avez envoyé beaucoup de messages en peu de temps. Veuillez réessayer dans ${m} minute${m === 1 ? '' : 's'}.`,
    tooLarge: 'Votre message est trop long. Veuillez le raccourcir.',
    offline: 'Le serveur est injoignable. Vérifiez votre connexion et renvoyez.',
    failed: 'Une erreur est survenue de notre côté. Veuillez renvoyer dans un instant.',
    invalidTitle: 'Ce lien n’est pas valide',
    invalidText: 'Il est peut-être incomplet ou périmé. Ouvrez le lien du dernier e-mail que nous vous avons envoyé, ou contactez-nous à nouveau depuis la boutique.',
  },
  de: {
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
    filesLabel: 'Dateien anhängen',
    filesHint: (n, ext, size) => `Bis zu ${n} Dateien (${ext}), je ${size}.`,
    removeFile: (name) => `${name} entfernen`,
    uploading: 'Wird hochgeladen',
    uploaded: 'Hochgeladen',
    send: 'Senden',
    sending: 'Wird gesendet…',
    sent: 'Ihre Antwort wurde gesendet. Vielen Dank!',
    required: 'Bitte schreiben Sie eine Nachricht.',
    fileType: (name, ext) => `„${name}“ kann nicht gesendet werden: erlaubt sind ${ext}.`,
    fileSize: (name, size) => `„${name}“ ist zu groß: höchstens ${size}.`,
    fileEmpty: (name) => `„${name}“ ist leer.`,
    tooManyFiles: (n) => `Höchstens ${n} Dateien.`,
    fixFields: 'Bitte prüfen Sie die unten markierten Felder.',
    tryAgainIn: (m) => `Sie haben in kurzer Zeit viele Nachrichten gesendet. Bitte versuchen Sie es in ${m} ${m === 1 ? 'Minute' : 'Minuten'} erneut.`,
    tooLarge: 'Ihre Nachricht ist zu lang. Bitte kürzen Sie sie.',
    offline: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und senden Sie erneut.',
    failed: 'Bei uns ist ein Fehler aufgetreten. Bitte senden Sie gleich noch einmal.',
    invalidTitle: 'Dieser Link ist ungültig',
    invalidText: 'Er ist vielleicht unvollständig oder veraltet. Öffnen Sie den Link aus der neuesten E-Mail von uns oder kontaktieren Sie uns erneut über den Shop.',
  },
  es: {
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
    filesLabel: 'Adjuntar archivos',
    filesHint: (n, ext, size) => `Hasta ${n} archivos (${ext}), ${size} cada uno.`,
    removeFile: (name) => `Quitar ${name}`,
    uploading: 'Subiendo',
    uploaded: 'Subido',
    send: 'Enviar',
    sending: 'Enviando…',
    sent: 'Su respuesta ha sido enviada. ¡Gracias!',
    required: 'Escriba un mensaje, por favor.',
    fileType: (name, ext) => `«${name}» no se puede enviar: se admiten ${ext}.`,
    fileSize: (name, size) => `«${name}» es demasiado grande: ${size} como máximo.`,
    fileEmpty: (name) => `«${name}» está vacío.`,
    tooManyFiles: (n) => `Como máximo ${n} archivos.`,
    fixFields: 'Revise los campos señalados abajo, por favor.',
    tryAgainIn: (m) => `Ha enviado muchos mensajes en poco tiempo. Inténtelo de nuevo dentro de ${m} ${m === 1 ? 'minuto' : 'minutos'}.`,
    tooLarge: 'Su mensaje es demasiado largo. Acórtelo, por favor.',
    offline: 'No se pudo contactar con el servidor. Compruebe su conexión y vuelva a enviar.',
    failed: 'Algo ha fallado por nuestra parte. Vuelva a enviar en un momento.',
    invalidTitle: 'Este enlace no es válido',
    invalidText: 'Puede que esté incompleto o caducado. Abra el enlace del último correo que le enviamos o contáctenos de nuevo desde la tienda.',
  },
  ru: {
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
    filesLabel: 'Прикрепить файлы',
    filesHint: (n, ext, size) => `До ${n} файлов (${ext}), не больше ${size} каждый.`,
    removeFile: (name) => `Убрать ${name}`,
    uploading: 'Загрузка',
    uploaded: 'Загружено',
    send: 'Отправить',
    sending: 'Отправка…',
    sent: 'Ваш ответ отправлен. Спасибо!',
    required: 'Пожалуйста, напишите сообщение.',
    fileType: (name, ext) => `«${name}» нельзя отправить: допустимые файлы — ${ext}.`,
    fileSize: (name, size) => `«${name}» слишком большой: не больше ${size}.`,
    fileEmpty: (name) => `«${name}» пустой.`,
    tooManyFiles: (n) => `Не больше ${n} файлов.`,
    fixFields: 'Проверьте отмеченные ниже поля.',
    tryAgainIn: (m) => `Вы отправили много сообщений за короткое время. Попробуйте снова через ${m} мин.`,
    tooLarge: 'Сообщение слишком длинное. Сократите его, пожалуйста.',
    offline: 'Сервер недоступен. Проверьте подключение и отправьте снова.',
    failed: 'У нас произошла ошибка. Пожалуйста, отправьте снова чуть позже.',
    invalidTitle: 'Эта ссылка недействительна',
    invalidText: 'Возможно, она неполная или устарела. Откройте ссылку из последнего письма, которое мы вам отправили, или напишите нам снова через магазин.',
  },
};
