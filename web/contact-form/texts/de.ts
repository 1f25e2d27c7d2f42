// The contact form's texts in German: a chunk of its own, loaded only for a form in this language.
import files from '../../shared/file-picker-texts/de';
import type { FormTexts } from '../texts';

export default {
  heading: 'Kontakt',
  loading: 'Formular wird geladen…',
  contact: 'Betreff',
  email: 'Ihre E-Mail-Adresse',
  name: 'Ihr Name',
  optional: '(optional)',
  order: 'Bestellnummer',
  orderHint: 'Wenn Ihre Nachricht eine Bestellung betrifft.',
  message: 'Nachricht',
  honeypot: 'Dieses Feld leer lassen',
  send: 'Senden',
  sending: 'Wird gesendet…',
  successTitle: 'Vielen Dank, Ihre Nachricht wurde gesendet.',
  successText: 'Wir haben Ihnen eine Bestätigung per E-Mail geschickt. Unser Kundenservice antwortet Ihnen so bald wie möglich.',
  another: 'Weitere Nachricht schreiben',
  fieldErrors: {
    contactId: 'Bitte wählen Sie einen Betreff.',
    email: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.',
    name: 'Bitte geben Sie Ihren Namen in einer Zeile ein, höchstens 100 Zeichen.',
    orderReference: 'Eine Bestellnummer enthält nur Buchstaben, Ziffern und # _ . - (höchstens 64).',
    message: 'Bitte schreiben Sie eine Nachricht.',
    messageTooLong: 'Ihre Nachricht ist zu lang: höchstens 20.000 Zeichen.',
  },
  fixFields: 'Bitte prüfen Sie die unten markierten Felder.',
  tryAgainIn: (m) => `Sie haben in kurzer Zeit viele Nachrichten gesendet. Bitte versuchen Sie es in ${m} ${m === 1 ? 'Minute' : 'Minuten'} erneut.`,
  tooLarge: 'Ihre Nachricht ist zu lang zum Senden. Bitte kürzen Sie sie.',
  offline: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und senden Sie erneut.',
  failed: 'Bei uns ist ein Fehler aufgetreten. Bitte senden Sie gleich noch einmal.',
  unavailable: 'Das Kontaktformular ist gerade nicht verfügbar. Bitte versuchen Sie es später erneut.',
  ...files,
} satisfies FormTexts;
