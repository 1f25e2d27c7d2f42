// The contact form's texts in Spanish: a chunk of its own, loaded only for a form in this language.
import files from '../../shared/file-picker-texts/es';
import type { FormTexts } from '../texts';

export default {
  heading: 'Contacte con nosotros',
  loading: 'Cargando el formulario…',
  contact: 'Asunto',
  email: 'Su dirección de correo',
  name: 'Su nombre',
  optional: '(opcional)',
  order: 'Referencia del pedido',
  orderHint: 'Si su mensaje trata de un pedido.',
  message: 'Mensaje',
  honeypot: 'Deje este campo vacío',
  send: 'Enviar',
  sending: 'Enviando…',
  successTitle: 'Gracias, su mensaje ha sido enviado.',
  successText: 'Le hemos enviado una confirmación por correo. Nuestro servicio al cliente le responderá lo antes posible.',
  another: 'Escribir otro mensaje',
  fieldErrors: {
    contactId: 'Elija un asunto, por favor.',
    email: 'Introduzca una dirección de correo válida, como nombre@ejemplo.es.',
    name: 'Introduzca su nombre en una línea, 100 caracteres como máximo.',
    orderReference: 'Una referencia de pedido solo tiene letras, cifras y # _ . - (64 como máximo).',
    message: 'Escriba un mensaje, por favor.',
    messageTooLong: 'Su mensaje es demasiado largo: 20.000 caracteres como máximo.',
  },
  fixFields: 'Revise los campos señalados abajo, por favor.',
  tryAgainIn: (m) => `Ha enviado muchos mensajes en poco tiempo. Inténtelo de nuevo dentro de ${m} ${m === 1 ? 'minuto' : 'minutos'}.`,
  tooLarge: 'Su mensaje es demasiado largo para enviarlo. Acórtelo, por favor.',
  offline: 'No se pudo contactar con el servidor. Compruebe su conexión y vuelva a enviar.',
  failed: 'Algo ha fallado por nuestra parte. Vuelva a enviar en un momento.',
  unavailable: 'El formulario de contacto no está disponible en este momento. Inténtelo más tarde.',
  ...files,
} satisfies FormTexts;
