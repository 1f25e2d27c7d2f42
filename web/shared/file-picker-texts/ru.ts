// The file field's texts in Russian: the same words on the contact form, the thread page and the console.
import type { FilePickerTexts } from '../file-picker';

export default {
  filesLabel: 'Прикрепить файлы',
  filesHint: (n, ext, size) => `До ${n} файлов (${ext}), не больше ${size} каждый.`,
  removeFile: (name) => `Убрать ${name}`,
  uploading: 'Загрузка',
  uploaded: 'Загружено',
  fileType: (name, ext) => `«${name}» нельзя отправить: допустимые файлы — ${ext}.`,
  fileSize: (name, size) => `«${name}» слишком большой: не больше ${size}.`,
  fileEmpty: (name) => `«${name}» пустой.`,
  tooManyFiles: (n) => `Не больше ${n} файлов.`,
} satisfies FilePickerTexts;
