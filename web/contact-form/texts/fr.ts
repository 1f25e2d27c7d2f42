// The contact form's texts in French: a chunk of its own, loaded only for a form in this language.
import files from '../../shared/file-picker-texts/fr';
import type { FormTexts } from '../texts';

export default {
  heading: 'Contactez-nous',
  loading: 'Chargement du formulaire…',
  contact: 'Objet',
  email: 'Votre adresse e-mail',
  name: 'Votre nom',
  optional: '(facultatif)',
  order: 'Référence de commande',
  orderHint: 'Si votre message concerne une commande.',
  message: 'Message',
  honeypot: 'Laissez ce champ vide',
  send: 'Envoyer',
  sending: 'Envoi…',
  successTitle: 'Merci, votre message a bien été envoyé.',
  successText: 'Nous vous avons envoyé une confirmation par e-mail. Notre service client vous répondra dans les meilleurs délais.',
  another: 'Écrire un autre message',
  fieldErrors: {
    contactId: 'Veuillez choisir un objet.',
    email: 'Veuillez saisir une adresse e-mail valide, par exemple nom@exemple.fr.',
    name: 'Veuillez saisir votre nom sur une ligne, 100 caractères au maximum.',
    orderReference: 'Une référence de commande ne contient que des lettres, des chiffres et # _ . - (64 au maximum).',
    message: 'Veuillez écrire un message.',
    messageTooLong: 'Votre message est trop long : 20 000 caractères au maximum.',
  },
  fixFields: 'Veuillez vérifier les champs signalés ci-dessous.',
  tryAgainIn: (m) => `Vous avez envoyé beaucoup de messages en peu de temps. Veuillez réessayer dans ${m} minute${m === 1 ? '' : 's'}.`,
  tooLarge: 'Votre message est trop long pour être envoyé. Veuillez le raccourcir.',
  offline: 'Le serveur est injoignable. Vérifiez votre connexion et renvoyez.',
  failed: 'Une erreur est survenue de notre côté. Veuillez renvoyer dans un instant.',
  unavailable: 'Le formulaire de contact n’est pas disponible pour le moment. Veuillez réessayer plus tard.',
  ...files,
} satisfies FormTexts;
