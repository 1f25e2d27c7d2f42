import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/http/openapi';
import { EMAIL, Email } from '../../functions/http/schemas/common';

type Doc = { components: { schemas: Record<string, { properties: Record<string, { pattern?: string; format?: string }> }> } };

describe('the e-mail rule: one regex for the validator and the OpenAPI document (N5)', () => {
  it('takes RFC 5321 local parts, with every atext character', () => {
    for (const address of ['bo~desk@shop.example', "!#$%&'*+-/=?^_`{|}~@shop.example", 'first.last@shop.example', 'a@b.co']) {
      expect([address, Email.safeParse(address).success]).toEqual([address, true]);
    }
  });

  it('refuses what is not an address: no @, dots leading, trailing or doubled, spaces, a numeric top-level domain', () => {
    for (const address of ['bo', '.bo@shop.example', 'bo.@shop.example', 'b..o@shop.example', ' bo@shop.example', 'bo@shop', 'bo@shop.123', 'bo@-shop.example', 'b o@shop.example']) {
      expect([address, Email.safeParse(address).success]).toEqual([address, false]);
    }
  });

  it('keeps an internationalized domain in its ASCII form and the address lower-case', () => {
    expect(Email.parse('Jane@Müller.de')).toBe('jane@xn--mller-kva.de');
    expect(Email.parse('ivan@пример.рф')).toBe('ivan@xn--e1afmkfd.xn--p1ai');
  });

  it('admits in a domain only letters that the IDNA conversion always accepts, in any place of a label', () => {
    const letters = /\[A-Za-z0-9([^\]]*)\]\(/.exec(EMAIL.source)![1]!;
    const ranges = [...letters.matchAll(/\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?/g)].map((m) => [parseInt(m[1]!, 16), parseInt(m[2] ?? m[1]!, 16)] as const);
    const refused: string[] = [];
    for (const [from, to] of ranges) {
      for (let code = from; code <= to; code++) {
        const c = String.fromCharCode(code);
        if (!domainToASCII(`${c}.de`) || !domainToASCII(`a${c}${c}b.de`)) refused.push(code.toString(16));
      }
    }
    expect(refused).toEqual([]);
  });

  it('states the same regex in the document, with format email, wherever an address is taken', () => {
    const schemas = (openApiDocument() as Doc).components.schemas;
    for (const [schema, field] of [['ContactForm', 'email'], ['EmployeeCreate', 'email'], ['ContactCreate', 'email'], ['OrderUpsert', 'customerEmail']] as const) {
      expect(schemas[schema]!.properties[field]).toMatchObject({ format: 'email', pattern: EMAIL.source });
    }
  });
});
