// The text and HTML of every mail the desk sends, in en, fr, de, es, ru (fallback en); every value is escaped in HTML.
import type { Lang } from '../desk/model';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

interface Words {
  confirmationSubject: string;
  confirmationIntro: string;
  replySubject: string;
  yourMessage: string;
  answerHint: string;
  threadLink: string;
  contactSubject: (contact: string, email: string) => string;
  contactIntro: (email: string) => string;
  order: string;
  customerAnsweredSubject: (email: string) => string;
  customerAnsweredIntro: (email: string) => string;
  forwardedSubject: (by: string) => string;
  forwardedIntro: (by: string) => string;
  assignedSubject: (by: string) => string;
  assignedIntro: (by: string) => string;
  lastMessage: string;
  comment: string;
  conversation: string;
  customer: string;
  employee: string;
  noReplyNeeded: string;
  signInSubject: string;
  signInIntro: string;
  signInCode: string;
  signInIgnore: string;
  filesAsLinks: string;
}

const WORDS: Record<Lang, Words> = {
  en: {
    confirmationSubject: 'Your message has been received',
    confirmationIntro: 'Thank you for your message. Our customer service will answer you as soon as possible.',
    replySubject: 'Answer to your message',
    yourMessage: 'Your message',
    answerHint: 'To answer, simply reply to this e-mail.',
    threadLink: 'Follow your request online:',
    contactSubject: (c, e) => `[${c}] New message from ${e}`,
    contactIntro: (e) => `${e} wrote through the contact form:`,
    order: 'Order',
    customerAnsweredSubject: (e) => `${e} answered a discussion you are in charge of`,
    customerAnsweredIntro: (e) => `${e} wrote:`,
    forwardedSubject: (b) => `${b} forwarded a customer discussion to you`,
    forwardedIntro: (b) => `${b} forwarded this customer service discussion to you.`,
    assignedSubject: (b) => `${b} put you in charge of a customer discussion`,
    assignedIntro: (b) => `${b} assigned this customer service discussion to you.`,
    lastMessage: 'Last message',
    comment: 'Comment',
    conversation: 'Conversation',
    customer: 'Customer',
    employee: 'Customer service',
    noReplyNeeded: 'This is an automatic message.',
    signInSubject: 'Your sign-in link to the ShopDesk console',
    signInIntro: 'Open this link to sign in to the console. It works once, within 15 minutes:',
    signInCode: 'Or paste this code on the sign-in page:',
    signInIgnore: 'If you did not ask for it, ignore this e-mail: nobody can sign in without it.',
    filesAsLinks: 'The files are too large to travel in this e-mail; download them here (each link works for 30 days):',
  },
  fr: {
    confirmationSubject: 'Votre message a bien été reçu',
    confirmationIntro: 'Merci pour votre message. Notre service client vous répondra dans les meilleurs délais.',
    replySubject: 'Réponse à votre message',
    yourMessage: 'Votre message',
    answerHint: 'Pour répondre, répondez simplement à cet e-mail.',
    threadLink: 'Suivez votre demande en ligne :',
    contactSubject: (c, e) => `[${c}] Nouveau message de ${e}`,
    contactIntro: (e) => `${e} a écrit via le formulaire de contact :`,
    order: 'Commande',
    customerAnsweredSubject: (e) => `${e} a répondu à une discussion dont vous avez la charge`,
    customerAnsweredIntro: (e) => `${e} a écrit :`,
    forwardedSubject: (b) => `${b} vous a transféré une discussion client`,
    forwardedIntro: (b) => `${b} vous a transféré cette discussion du service client.`,
    assignedSubject: (b) => `${b} vous a confié une discussion client`,
    assignedIntro: (b) => `${b} vous a attribué cette discussion du service client.`,
    lastMessage: 'Dernier message',
    comment: 'Commentaire',
    conversation: 'Conversation',
    customer: 'Client',
    employee: 'Service client',
    noReplyNeeded: 'Ceci est un message automatique.',
    signInSubject: 'Votre lien de connexion à la console ShopDesk',
    signInIntro: 'Ouvrez ce lien pour vous connecter à la console. Il ne sert qu’une fois, dans les 15 minutes :',
    signInCode: 'Ou collez ce code sur la page de connexion :',
    signInIgnore: 'Si vous ne l’avez pas demandé, ignorez cet e-mail : personne ne peut se connecter sans lui.',
    filesAsLinks: 'Les fichiers sont trop volumineux pour ce courriel ; téléchargez-les ici (chaque lien est valable 30 jours) :',
  },
  de: {
    confirmationSubject: 'Ihre Nachricht ist eingegangen',
    confirmationIntro: 'Vielen Dank für Ihre Nachricht. Unser Kundenservice antwortet Ihnen so bald wie möglich.',
    replySubject: 'Antwort auf Ihre Nachricht',
    yourMessage: 'Ihre Nachricht',
    answerHint: 'Um zu antworten, antworten Sie einfach auf diese E-Mail.',
    threadLink: 'Ihre Anfrage online verfolgen:',
    contactSubject: (c, e) => `[${c}] Neue Nachricht von ${e}`,
    contactIntro: (e) => `${e} hat über das Kontaktformular geschrieben:`,
    order: 'Bestellung',
    customerAnsweredSubject: (e) => `${e} hat auf eine Ihrer Diskussionen geantwortet`,
    customerAnsweredIntro: (e) => `${e} schrieb:`,
    forwardedSubject: (b) => `${b} hat Ihnen eine Kundendiskussion weitergeleitet`,
    forwardedIntro: (b) => `${b} hat Ihnen diese Kundenservice-Diskussion weitergeleitet.`,
    assignedSubject: (b) => `${b} hat Ihnen eine Kundendiskussion zugewiesen`,
    assignedIntro: (b) => `${b} hat Ihnen diese Kundenservice-Diskussion zugewiesen.`,
    lastMessage: 'Letzte Nachricht',
    comment: 'Kommentar',
    conversation: 'Unterhaltung',
    customer: 'Kunde',
    employee: 'Kundenservice',
    noReplyNeeded: 'Dies ist eine automatische Nachricht.',
    signInSubject: 'Ihr Anmeldelink für die ShopDesk-Konsole',
    signInIntro: 'Öffnen Sie diesen Link, um sich an der Konsole anzumelden. Er gilt einmal, 15 Minuten lang:',
    signInCode: 'Oder fügen Sie diesen Code auf der Anmeldeseite ein:',
    signInIgnore: 'Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail: Ohne ihn kann sich niemand anmelden.',
    filesAsLinks: 'Die Dateien sind für diese E-Mail zu groß; laden Sie sie hier herunter (jeder Link gilt 30 Tage):',
  },
  es: {
    confirmationSubject: 'Hemos recibido su mensaje',
    confirmationIntro: 'Gracias por su mensaje. Nuestro servicio al cliente le responderá lo antes posible.',
    replySubject: 'Respuesta a su mensaje',
    yourMessage: 'Su mensaje',
    answerHint: 'Para responder, simplemente conteste a este correo.',
    threadLink: 'Siga su solicitud en línea:',
    contactSubject: (c, e) => `[${c}] Nuevo mensaje de ${e}`,
    contactIntro: (e) => `${e} escribió mediante el formulario de contacto:`,
    order: 'Pedido',
    customerAnsweredSubject: (e) => `${e} respondió a una discusión a su cargo`,
    customerAnsweredIntro: (e) => `${e} escribió:`,
    forwardedSubject: (b) => `${b} le ha reenviado una discusión de un cliente`,
    forwardedIntro: (b) => `${b} le ha reenviado esta discusión del servicio al cliente.`,
    assignedSubject: (b) => `${b} le ha asignado una conversación con un cliente`,
    assignedIntro: (b) => `${b} le ha asignado esta conversación del servicio al cliente.`,
    lastMessage: 'Último mensaje',
    comment: 'Comentario',
    conversation: 'Conversación',
    customer: 'Cliente',
    employee: 'Servicio al cliente',
    noReplyNeeded: 'Este es un mensaje automático.',
    signInSubject: 'Su enlace de acceso a la consola de ShopDesk',
    signInIntro: 'Abra este enlace para acceder a la consola. Sirve una sola vez, durante 15 minutos:',
    signInCode: 'O pegue este código en la página de acceso:',
    signInIgnore: 'Si no lo ha pedido, ignore este correo: nadie puede acceder sin él.',
    filesAsLinks: 'Los archivos son demasiado grandes para este correo; descárguelos aquí (cada enlace vale 30 días):',
  },
  ru: {
    confirmationSubject: 'Ваше сообщение получено',
    confirmationIntro: 'Спасибо за ваше сообщение. Служба поддержки ответит вам как можно скорее.',
    replySubject: 'Ответ на ваше сообщение',
    yourMessage: 'Ваше сообщение',
    answerHint: 'Чтобы ответить, просто ответьте на это письмо.',
    threadLink: 'Следите за обращением онлайн:',
    contactSubject: (c, e) => `[${c}] Новое сообщение от ${e}`,
    contactIntro: (e) => `${e} написал(а) через форму обратной связи:`,
    order: 'Заказ',
    customerAnsweredSubject: (e) => `${e} ответил(а) в обсуждении, за которое вы отвечаете`,
    customerAnsweredIntro: (e) => `${e} пишет:`,
    forwardedSubject: (b) => `${b} переслал(а) вам обсуждение с клиентом`,
    forwardedIntro: (b) => `${b} переслал(а) вам это обсуждение службы поддержки.`,
    assignedSubject: (b) => `${b} назначил(а) вам обращение клиента`,
    assignedIntro: (b) => `${b} назначил(а) вам это обращение в службу поддержки.`,
    lastMessage: 'Последнее сообщение',
    comment: 'Комментарий',
    conversation: 'Переписка',
    customer: 'Клиент',
    employee: 'Служба поддержки',
    noReplyNeeded: 'Это автоматическое сообщение.',
    signInSubject: 'Ваша ссылка для входа в консоль ShopDesk',
    signInIntro: 'Откройте эту ссылку, чтобы войти в консоль. Она действует один раз, в течение 15 минут:',
    signInCode: 'Или вставьте этот код на странице входа:',
    signInIgnore: 'Если вы её не запрашивали, просто проигнорируйте это письмо: без неё никто не сможет войти.',
    filesAsLinks: 'Файлы слишком велики для этого письма; скачайте их здесь (каждая ссылка действует 30 дней):',
  },
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const paragraphs = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

function page(parts: string[]): string {
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${parts.join('')}</body></html>`;
}

const quote = (text: string) => `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${paragraphs(text)}</blockquote>`;

export interface CustomerMailContext {
  lang: Lang;
  threadLink?: string;
}

/** The thread page's link as a link a mail client opens (the text part carries it as plain text). */
function linkParagraph(ctx: CustomerMailContext, style?: string): string {
  if (!ctx.threadLink) return '';
  const href = escapeHtml(ctx.threadLink);
  return `<p${style ? ` style="${style}"` : ''}>${escapeHtml(WORDS[ctx.lang].threadLink)} <a href="${href}">${href}</a></p>`;
}

/** The text and HTML of a mail with its files given as download links instead of attached (C5). */
export function withDownloadLinks(r: { text: string; html: string }, lang: Lang, links: { fileName: string; url: string }[]): { text: string; html: string } {
  const w = WORDS[lang];
  const text = [r.text, '', w.filesAsLinks, ...links.map((l) => `${l.fileName}: ${l.url}`)].join('\n');
  const list = `<p>${escapeHtml(w.filesAsLinks)}</p><ul>${links.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.fileName)}</a></li>`).join('')}</ul>`;
  const html = r.html.includes('</body>') ? r.html.replace('</body>', `${list}</body>`) : r.html + list;
  return { text, html };
}

/**
 * Says the message was received and links to the thread, and nothing else: not a word the sender chose, so the
 * form cannot make the desk mail someone else's text to any address (C4). The message is on the thread page.
 */
export function confirmationMail(ctx: CustomerMailContext): Rendered {
  const w = WORDS[ctx.lang];
  const link = ctx.threadLink ? [`${w.threadLink} ${ctx.threadLink}`] : [];
  return {
    subject: w.confirmationSubject,
    text: [w.confirmationIntro, '', ...link, w.answerHint].join('\n'),
    html: page([`<p>${escapeHtml(w.confirmationIntro)}</p>`, linkParagraph(ctx), `<p>${escapeHtml(w.answerHint)}</p>`]),
  };
}

export function replyMail(ctx: CustomerMailContext, reply: string, subject: string | undefined, previous?: string): Rendered {
  const w = WORDS[ctx.lang];
  const link = ctx.threadLink ? [`${w.threadLink} ${ctx.threadLink}`] : [];
  const quoted = previous ? ['', `${w.yourMessage}:`, ...previous.split('\n').map((l) => `> ${l}`)] : [];
  return {
    subject: subject ? `Re: ${subject.replace(/^(re:\s*)+/i, '')}` : w.replySubject,
    text: [reply, '', ...link, ...quoted].join('\n'),
    html: page([
      `<p>${paragraphs(reply)}</p>`,
      linkParagraph(ctx, 'color:#666'),
      ...(previous ? [`<p style="color:#666">${escapeHtml(w.yourMessage)}:</p>`, quote(previous)] : []),
    ]),
  };
}

export function contactNotificationMail(lang: Lang, contactName: string, from: { email: string; name?: string }, message: string, orderReference?: string): Rendered {
  const w = WORDS[lang];
  const who = from.name ? `${from.name} <${from.email}>` : from.email;
  const order = orderReference ? [`${w.order}: ${orderReference}`] : [];
  return {
    subject: w.contactSubject(contactName, from.email),
    text: [w.contactIntro(who), '', ...order, message, '', w.noReplyNeeded].join('\n'),
    html: page([`<p>${escapeHtml(w.contactIntro(who))}</p>`, ...order.map((o) => `<p>${escapeHtml(o)}</p>`), quote(message)]),
  };
}

export function customerAnsweredMail(lang: Lang, email: string, message: string, threadId: string): Rendered {
  const w = WORDS[lang];
  return {
    subject: w.customerAnsweredSubject(email),
    text: [w.customerAnsweredIntro(email), '', message, '', `Thread: ${threadId}`, '', w.noReplyNeeded].join('\n'),
    html: page([`<p>${escapeHtml(w.customerAnsweredIntro(email))}</p>`, quote(message), `<p>Thread: ${escapeHtml(threadId)}</p>`]),
  };
}

export interface ConversationLine {
  author: 'customer' | 'employee';
  name: string;
  at: string;
  text: string;
}

export function forwardMail(lang: Lang, by: string, customer: string, threadId: string, comment: string | undefined, lines: ConversationLine[]): Rendered {
  const w = WORDS[lang];
  const heading = (l: ConversationLine) => `${l.author === 'customer' ? w.customer : w.employee} — ${l.name} — ${l.at}`;
  const commentText = comment ? [`${w.comment}: ${comment}`, ''] : [];
  return {
    subject: w.forwardedSubject(by),
    text: [w.forwardedIntro(by), `${w.customer}: ${customer}`, `Thread: ${threadId}`, '', ...commentText, `${w.conversation}:`, '', ...lines.flatMap((l) => [heading(l), l.text, ''])].join('\n'),
    html: page([
      `<p>${escapeHtml(w.forwardedIntro(by))}</p>`,
      `<p>${escapeHtml(w.customer)}: ${escapeHtml(customer)}<br>Thread: ${escapeHtml(threadId)}</p>`,
      ...(comment ? [`<p><strong>${escapeHtml(w.comment)}:</strong> ${paragraphs(comment)}</p>`] : []),
      `<h3>${escapeHtml(w.conversation)}</h3>`,
      ...lines.map((l) => `<p style="color:#666">${escapeHtml(heading(l))}</p>${quote(l.text)}`),
    ]),
  };
}

/** To the employee a thread was assigned to (T1), in their language: who did it, the customer, the last message. */
export function assignedMail(lang: Lang, by: string, customer: string, threadId: string, lastMessage: string | undefined): Rendered {
  const w = WORDS[lang];
  const last = lastMessage ? ['', `${w.lastMessage}:`, lastMessage] : [];
  return {
    subject: w.assignedSubject(by),
    text: [w.assignedIntro(by), `${w.customer}: ${customer}`, `Thread: ${threadId}`, ...last, '', w.noReplyNeeded].join('\n'),
    html: page([
      `<p>${escapeHtml(w.assignedIntro(by))}</p>`,
      `<p>${escapeHtml(w.customer)}: ${escapeHtml(customer)}<br>Thread: ${escapeHtml(threadId)}</p>`,
      ...(lastMessage ? [`<p style="color:#666">${escapeHtml(w.lastMessage)}:</p>`, quote(lastMessage)] : []),
    ]),
  };
}

/** The one-time console link (A12), in the employee's language; the code is also given for another device. */
export function signInMail(lang: Lang, link: string | undefined, code: string): Rendered {
  const w = WORDS[lang];
  const linkLines = link ? [w.signInIntro, link, ''] : [];
  return {
    subject: w.signInSubject,
    text: [...linkLines, w.signInCode, code, '', w.signInIgnore].join('\n'),
    html: page([
      ...(link ? [`<p>${escapeHtml(w.signInIntro)}</p>`, `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`] : []),
      `<p>${escapeHtml(w.signInCode)}</p>`,
      `<p><code style="font-size:1.1em">${escapeHtml(code)}</code></p>`,
      `<p style="color:#666">${escapeHtml(w.signInIgnore)}</p>`,
    ]),
  };
}
