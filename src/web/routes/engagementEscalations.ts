// An escalation: the proposal with its reason, evidence and source; the senior leader's sign-off
// form; once signed off, the letter (DOCX and PDF) and the review date. Officers see escalations of
// schools in their scope; only those who may sign off can decide.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, schoolScope } from '../../domain/access/policy.js';
import type { Proposal } from '../../domain/engagement/index.js';
import { getEscalation, type EscalationRow } from '../../repositories/engagementEscalations.js';
import { getSchool, type SchoolWithDistrict } from '../../repositories/schools.js';
import { decide, defaultContext, escalationState, noticeOutcomeBlocker, recordNoticeOutcome, reviewWindow, syncEscalations, todayIso } from '../../services/escalations.js';
import { coreGroupConcerns, proposedLetterText, saveLetterText, SIGN_OFF_PLACEHOLDERS } from '../../services/escalationLetters.js';
import { actorFrom, dateErrorsToDay, dateField, field, formContext } from '../forms.js';
import type { AppDeps } from '../types.js';

const GROUNDS = [
  { value: 'standards_unacceptably_low', text: 'Standards of performance of pupils are unacceptably low (s60(2)(a))' },
  { value: 'management_governance_breakdown', text: 'A serious breakdown in the way the school is managed or governed (s60(2)(b))' },
  { value: 'safety_threatened', text: 'The safety of pupils or staff is threatened (s60(2)(c))' },
];

export function engagementEscalationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const ctx = defaultContext(deps.organisation.name);

  async function load(req: FastifyRequest): Promise<{ row: EscalationRow; school: SchoolWithDistrict } | null> {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isInteger(id) || id <= 0) return null;
    const row = await getEscalation(db, orgId, id);
    const school = row ? await getSchool(db, orgId, row.urn, schoolScope(req.principal!)) : undefined;
    return row && school ? { row, school } : null;
  }

  /** The proposed letter's editable text, for those who may sign it off, while it waits for a decision. */
  async function letterDraft(req: FastifyRequest, found: { row: EscalationRow; school: SchoolWithDistrict }): Promise<string | null> {
    if (!can(req.principal!, 'escalation:sign-off') || found.row.status !== 'proposed') return null;
    const { state } = await escalationState(db, orgId, found.school, ctx, todayIso());
    return proposedLetterText({ row: found.row, school: found.school, state, laName: deps.organisation.name, coreGroup: await coreGroupConcerns(db, orgId, found.row.urn) });
  }

  const page = async (req: FastifyRequest, reply: FastifyReply, found: { row: EscalationRow; school: SchoolWithDistrict }, c: Record<string, unknown> = {}, status = 200) =>
    reply.render(
      'engagement/escalation.njk',
      {
        title: `${found.row.title}: ${found.school.name}`,
        ...found,
        proposal: found.row.proposal as Proposal,
        maySignOff: can(req.principal!, 'escalation:sign-off') && found.row.status === 'proposed',
        mayRecordCompliance: can(req.principal!, 'escalation:sign-off') && !noticeOutcomeBlocker(found.row, 'complied'),
        mayClose: can(req.principal!, 'escalation:sign-off') && !noticeOutcomeBlocker(found.row, 'closed'),
        grounds: GROUNDS,
        window: found.row.issuedOn ? reviewWindow(found.row.issuedOn, ctx.policy) : null,
        reviewSettings: ctx.policy.settings.noticeOfConcernReview,
        notice: (req.query as Record<string, string>).notice,
        letterText: await letterDraft(req, found),
        signOffPlaceholders: SIGN_OFF_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', '),
        ...formContext({}, { reviewWeeks: String(ctx.policy.settings.noticeOfConcernReview.defaultWeeks) }),
        ...c,
      },
      status,
    );

  app.get('/escalations/:id', { config: { permission: 'engagement:read' } }, async (req, reply) => {
    const found = await load(req);
    return found ? page(req, reply, found) : reply.callNotFound();
  });

  app.post('/escalations/:id', { config: { permission: 'escalation:sign-off' } }, async (req, reply) => {
    const found = await load(req);
    if (!found) return reply.callNotFound();
    const input = {
      decision: field(req, 'decision'),
      note: field(req, 'note'),
      reviewWeeks: field(req, 'reviewWeeks'),
      ground: field(req, 'ground'),
      complianceEndsOn: dateField(req, 'complianceEndsOn').iso,
      complianceEndsOnParts: dateField(req, 'complianceEndsOn').parts,
      reviewOutcome: field(req, 'reviewOutcome'),
    };
    const out = await decide(db, orgId, found.row.id, input, ctx, { ...actorFrom(req), userId: req.user!.id, name: req.user!.displayName });
    if (!out.ok) return page(req, reply, found, formContext(dateErrorsToDay(out.errors, ['complianceEndsOn']), input), 400);
    // A decision can make the next step due (a notice's review, a warning notice after it).
    await syncEscalations(db, orgId, found.school, ctx, actorFrom(req));
    return reply.redirect(`/escalations/${found.row.id}?notice=${out.row.status}`, 303);
  });

  // A senior leader edits the proposed letter before signing it off; the edit is kept and audited.
  app.post('/escalations/:id/letter', { config: { permission: 'escalation:sign-off' } }, async (req, reply) => {
    const found = await load(req);
    if (!found) return reply.callNotFound();
    const text = field(req, 'letterText');
    const out = await saveLetterText(db, orgId, found.row, text, actorFrom(req));
    if (!out.ok) return page(req, reply, found, { ...formContext({ letterText: out.error }, {}), letterText: text }, 400);
    return reply.redirect(`/escalations/${found.row.id}?notice=letter-saved#letter-text`, 303);
  });

  // After the event: the school complied with a warning notice, or a notice is closed.
  for (const kind of ['complied', 'closed'] as const) {
    // The path and the form's field prefix are the same word.
    const prefix = kind === 'complied' ? 'compliance' : 'close';
    app.post(`/escalations/:id/${prefix}`, { config: { permission: 'escalation:sign-off' } }, async (req, reply) => {
      const found = await load(req);
      if (!found) return reply.callNotFound();
      const on = dateField(req, `${prefix}On`);
      const input = { [`${prefix}On`]: on.iso, [`${prefix}OnParts`]: on.parts, [`${prefix}Note`]: field(req, `${prefix}Note`) };
      const out = await recordNoticeOutcome(db, orgId, found.row.id, kind, { on: on.iso, note: field(req, `${prefix}Note`) }, actorFrom(req));
      if (!out.ok) {
        const errors = Object.fromEntries(Object.entries(out.errors).map(([k, v]) => [`${prefix}${k === 'on' ? 'On-day' : 'Note'}`, v]));
        return page(req, reply, found, formContext(errors, input), 400);
      }
      await syncEscalations(db, orgId, found.school, ctx, actorFrom(req));
      return reply.redirect(`/escalations/${found.row.id}?notice=${kind}`, 303);
    });
  }

  for (const ext of ['docx', 'pdf'] as const) {
    app.get(`/escalations/:id/letter.${ext}`, { config: { permission: 'engagement:read' } }, async (req, reply) => {
      const found = await load(req);
      const bytes = found ? (ext === 'docx' ? found.row.letterDocx : found.row.letterPdf) : null;
      if (!found || !bytes) return reply.callNotFound();
      const name = `${found.row.step.replace(/_/g, '-')}-${found.school.urn}-${found.row.issuedOn}.${ext}`;
      return reply
        .type(ext === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .header('Cache-Control', 'no-store')
        .send(bytes);
    });
  }
}
