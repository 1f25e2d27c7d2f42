// Customer- and agent-facing words in the five languages, taken from the seed user guides.
import type { Lang, Localized, Status } from './model';

export function localize(text: Localized, lang: Lang): string {
  return text[lang] ?? text.en;
}

export function pickLang(value: string | undefined): Lang {
  const tags = (value ?? '').toLowerCase().split(',').map((t) => t.trim().slice(0, 2));
  return (tags.find((t) => ['en', 'fr', 'de', 'es', 'ru'].includes(t)) as Lang | undefined) ?? 'en';
}

/** The seeds' words for the two pending statuses: internal, their meaning chosen by the team. */
const INTERNAL_MEANING: Record<Lang, string> = {
  en: 'Internal status: its meaning is up to your team.',
  fr: 'État interne : sa signification dépend de votre équipe.',
  de: 'Interner Status: seine Bedeutung legt Ihr Team fest.',
  es: 'Estado interno: su significado depende de su equipo.',
  ru: 'Внутренний статус: его значение определяет ваша команда.',
};

export const STATUS_LEGEND: Record<Status, { color: string; label: Record<Lang, string>; meaning: Record<Lang, string> }> = {
  open: {
    color: '#E53935',
    label: { en: 'Open', fr: 'Ouvert', de: 'Offen', es: 'Abierto', ru: 'Открыта' },
    meaning: {
      en: 'Waits for the team: the customer wrote last.',
      fr: "Attend l'équipe : le client a écrit en dernier.",
      de: 'Wartet auf das Team: der Kunde hat zuletzt geschrieben.',
      es: 'Espera al equipo: el cliente escribió el último.',
      ru: 'Ждёт команду: клиент написал последним.',
    },
  },
  closed: {
    color: '#43A047',
    label: { en: 'Closed', fr: 'Terminé', de: 'Erledigt', es: 'Cerrado', ru: 'Закрыта' },
    meaning: {
      en: 'Handled: nothing to do until the customer answers.',
      fr: "Traité : rien à faire tant que le client ne répond pas.",
      de: 'Bearbeitet: nichts zu tun, bis der Kunde antwortet.',
      es: 'Gestionado: nada que hacer hasta que el cliente responda.',
      ru: 'Обработана: ничего не нужно, пока клиент не ответит.',
    },
  },
  pending1: {
    color: '#FB8C00',
    label: { en: 'Pending 1', fr: 'En attente 1', de: 'Warten auf 1', es: 'Pendiente 1', ru: 'Ожидание 1' },
    meaning: INTERNAL_MEANING,
  },
  pending2: {
    color: '#1E88E5',
    label: { en: 'Pending 2', fr: 'En attente 2', de: 'Warten auf 2', es: 'Pendiente 2', ru: 'Ожидание 2' },
    meaning: INTERNAL_MEANING,
  },
};

export const DEFAULT_CONTACTS: { key: string; name: Localized; description: Localized; position: number }[] = [
  {
    key: 'webmaster',
    position: 1,
    name: { en: 'Webmaster', fr: 'Webmaster', de: 'Webmaster', es: 'Webmaster', ru: 'Вебмастер' },
    description: {
      en: 'If a technical problem occurs on this website',
      fr: 'En cas de problème technique sur ce site',
      de: 'Falls ein technisches Problem auf dieser Website auftritt',
      es: 'Si se produce un problema técnico en este sitio web',
      ru: 'Если на сайте возникла техническая проблема',
    },
  },
  {
    key: 'customer-service',
    position: 2,
    name: { en: 'Customer service', fr: 'Service client', de: 'Kundenservice', es: 'Servicio al cliente', ru: 'Служба поддержки' },
    description: {
      en: 'For any question about a product or an order',
      fr: 'Pour toute question sur un produit ou une commande',
      de: 'Bei Fragen zu einem Produkt oder einer Bestellung',
      es: 'Para cualquier pregunta sobre un producto o un pedido',
      ru: 'По любым вопросам о товаре или заказе',
    },
  },
];

export const DEFAULT_REPLY: Record<Lang, string> = {
  en: 'Dear Customer,\n\nRegards,\nCustomer service',
  fr: 'Cher client,\n\nCordialement,\nLe service client',
  de: 'Sehr geehrter Kunde,\n\nMit freundlichen Grüßen,\nIhr Kundenservice',
  es: 'Estimado cliente:\n\nSaludos cordiales,\nServicio al cliente',
  ru: 'Уважаемый покупатель!\n\nС уважением,\nСлужба поддержки',
};
