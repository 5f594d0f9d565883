import type { Comparator } from './common.js';

/**
 * S6's bare comparator: GET /api/v1/auth/me, the trivial authenticated JSON route: the same JWT check and one
 * SQL statement (user with trainer profile), answered with the app's JSON shape and field order.
 */
const comparator: Comparator = {
  register(app, deps) {
    app.get('/api/v1/auth/me', async (req, reply) => {
      const actor = await deps.jwtActor(req.headers.authorization);
      if (!actor) return reply.code(401).send();
      return reply.type('application/json; charset=utf-8').send(
        JSON.stringify({
          user: { id: actor.userId, email: actor.email, name: actor.name, role: actor.role },
          trainer: actor.trainerId
            ? {
                id: actor.trainerId,
                businessName: actor.businessName,
                timeZone: actor.timeZone,
                currency: actor.currency,
                cancellationCutoffHours: actor.cancellationCutoffHours,
                minimumNoticeHours: actor.minimumNoticeHours,
                defaultSessionMinutes: actor.defaultSessionMinutes,
                reminderLeadMinutes: actor.reminderLeadMinutes,
                makeUpCreditOnLateCancel: actor.makeUpCreditOnLateCancel,
              }
            : null,
        }),
      );
    });
  },
};

export default comparator;
