// The file field's texts in German: the same words on the contact form, the thread page and the console.
import type { FilePickerTexts } from '../file-picker';

export default {
  filesLabel: 'Dateien anhängen',
  filesHint: (n, ext, size) => `Bis zu ${n} Dateien (${ext}), je ${size}.`,
  removeFile: (name) => `${name} entfernen`,
  uploading: 'Wird hochgeladen',
  uploaded: 'Hochgeladen',
  fileType: (name, ext) => `„${name}“ kann nicht gesendet werden: erlaubt sind ${ext}.`,
  fileSize: (name, size) => `„${name}“ ist zu groß: höchstens ${size}.`,
  fileEmpty: (name) => `„${name}“ ist leer.`,
  tooManyFiles: (n) => `Höchstens ${n} Dateien.`,
} satisfies FilePickerTexts;
