// The file field's texts in Spanish: the same words on the contact form, the thread page and the console.
import type { FilePickerTexts } from '../file-picker';

export default {
  filesLabel: 'Adjuntar archivos',
  filesHint: (n, ext, size) => `Hasta ${n} archivos (${ext}), ${size} cada uno.`,
  removeFile: (name) => `Quitar ${name}`,
  uploading: 'Subiendo',
  uploaded: 'Subido',
  fileType: (name, ext) => `«${name}» no se puede enviar: se admiten ${ext}.`,
  fileSize: (name, size) => `«${name}» es demasiado grande: ${size} como máximo.`,
  fileEmpty: (name) => `«${name}» está vacío.`,
  tooManyFiles: (n) => `Como máximo ${n} archivos.`,
} satisfies FilePickerTexts;
