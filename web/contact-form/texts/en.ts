// The contact form's texts in English: a chunk of its own, loaded only for a form in this language.
import files from '../../shared/file-picker-texts/en';
import type { FormTexts } from '../texts';

export default {
  heading: 'Contact us',
  loading: 'Loading the form…',
  contact: 'Subject',
  email: 'Your e-mail address',
  name: 'Your name',
  optional: '(optional)',
  order: 'Order reference',
  orderHint: 'If your message is about an order.',
  message: 'Message',
  honeypot: 'Leave this field empty',
  send: 'Send',
  sending: 'Sending…',
  successTitle: 'Thank you, your message has been sent.',
  successText: 'We have sent you a confirmation by e-mail. Our customer service will answer you as soon as possible.',
  another: 'Write another message',
  fieldErrors: {
    contactId: 'Please choose a subject.',
    email: 'Please enter a valid e-mail address, such as name@example.com.',
    name: 'Please enter your name on one line, at most 100 characters.',
    orderReference: 'An order reference has letters, digits and # _ . - only (at most 64).',
    message: 'Please write a message.',
    messageTooLong: 'Your message is too long: at most 20,000 characters.',
  },
  fixFields: 'Please check the fields marked below.',
  tryAgainIn: (m) => `You have sent many messages in a short time. Please try again in ${m} ${m === 1 ? 'minute' : 'minutes'}.`,
  tooLarge: 'Your message is too long to be sent. Please shorten it.',
  offline: 'The server could not be reached. Check your connection and send again.',
  failed: 'Something went wrong on our side. Please send again in a moment.',
  unavailable: 'The contact form is not available at the moment. Please try again later.',
  ...files,
} satisfies FormTexts;
