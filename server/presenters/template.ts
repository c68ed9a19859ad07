import type { TemplateDetail, TemplateSummary } from '../../shared/api/templates';
import { placeholderDefinition } from '../../shared/placeholders';
import type { TemplateCatalog } from '../templates/templateCatalog';

function presentPlaceholders(names: readonly string[]): TemplateSummary['placeholders'] {
  return names.flatMap((name) => {
    const definition = placeholderDefinition(name);
    return definition ? [{ name: definition.name, label: definition.label, hint: definition.hint, example: definition.example }] : [];
  });
}

export function presentTemplateSummary(template: ReturnType<TemplateCatalog['summaries']>[number]): TemplateSummary {
  return {
    id: template.id,
    title: template.title,
    sector: template.sector,
    summary: template.summary,
    jurisdiction: template.jurisdiction,
    placeholders: presentPlaceholders(template.placeholders),
    sections: template.sections.map(({ title, owner, approvers }) => ({ title, owner, approvers })),
    ...('matches' in template && template.matches ? { matches: template.matches.map((match) => ({ section: match.section, snippet: match.snippet.map(({ text, match: matched }) => ({ text, match: matched })) })) } : {}),
  };
}

export function presentTemplateDetail(template: ReturnType<TemplateCatalog['detail']>): TemplateDetail {
  return {
    id: template.id,
    title: template.title,
    sector: template.sector,
    summary: template.summary,
    jurisdiction: template.jurisdiction,
    placeholders: presentPlaceholders(template.placeholders),
    sections: template.sections.map(({ title, owner, approvers, content, text }) => ({ title, owner, approvers, content: content as TemplateDetail['sections'][number]['content'], text })),
  };
}
