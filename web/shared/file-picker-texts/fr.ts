// The file field's texts in French: the same words on the contact form, the thread page and the console.
import type { FilePickerTexts } from '../file-picker';

export default {
  filesLabel: 'Joindre des fichiers',
  filesHint: (n, ext, size) => `Jusqu’à ${n} fichiers (${ext}), ${size} chacun.`,
  removeFile: (name) => `Retirer ${name}`,
  uploading: 'Envoi',
  uploaded: 'Envoyé',
  fileType: (name, ext) => `« ${name} » ne peut pas être envoyé : fichiers acceptés : ${ext}.`,
  fileSize: (name, size) => `« ${name} » est trop volumineux : ${size} au maximum.`,
  fileEmpty: (name) => `« ${name} » est vide.`,
  tooManyFiles: (n) => `${n} fichiers au maximum.`,
} satisfies FilePickerTexts;
