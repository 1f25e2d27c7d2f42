// The file field's texts in English: the same words on the contact form, the thread page and the console.
import type { FilePickerTexts } from '../file-picker';

export default {
  filesLabel: 'Attach files',
  filesHint: (n, ext, size) => `Up to ${n} files (${ext}), ${size} each.`,
  removeFile: (name) => `Remove ${name}`,
  uploading: 'Uploading',
  uploaded: 'Uploaded',
  fileType: (name, ext) => `“${name}” cannot be sent: allowed files are ${ext}.`,
  fileSize: (name, size) => `“${name}” is too large: at most ${size}.`,
  fileEmpty: (name) => `“${name}” is empty.`,
  tooManyFiles: (n) => `At most ${n} files.`,
} satisfies FilePickerTexts;
