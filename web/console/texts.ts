// The console's texts in the five languages: one catalogue, English the reference (its shape is the type of every other).
import type { Catalogue } from '../shared/i18n';
import { de } from './texts/de';
import { en } from './texts/en';
import { es } from './texts/es';
import { fr } from './texts/fr';
import { ru } from './texts/ru';

export type ConsoleTexts = typeof en;

export const TEXTS: Catalogue<ConsoleTexts> = { en, fr, de, es, ru };
