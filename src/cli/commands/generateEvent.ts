import { SAM_EVENT_NAMES, samEventTemplate } from '../../core/events';
import { parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { PROFILE_FLAGS, PROFILE_FLAGS_USAGE } from '../localSetup';

const services = Object.keys(SAM_EVENT_NAMES);

export const generateEventCommand: CliCommand = {
  name: 'generate-event',
  summary: 'Print a sample event for a service (like sam local generate-event)',
  usage: `Usage: lambda-workbench generate-event [<service> [<event>]] [options]

With a service and an event, prints a fresh sample event as JSON on stdout (new ids and the current time), under
the names sam local generate-event uses:
  lambda-workbench generate-event s3 put > events/put.json
With a service only, lists its events; with nothing, lists the services and their events.

Services: ${services.join(', ')}

Options:
${PROFILE_FLAGS_USAGE}`,
  async run(args, io) {
    const parsed = parseArgs(args, PROFILE_FLAGS);
    const [service, event, extra] = parsed.positionals;
    if (extra) throw new UsageError(`unexpected argument '${extra}'`);
    if (service === undefined) {
      const width = Math.max(...services.map((s) => s.length));
      io.stdout(services.map((s) => `${s.padEnd(width)}  ${Object.keys(SAM_EVENT_NAMES[s]).join(', ')}\n`).join(''));
      return 0;
    }
    if (!Object.hasOwn(SAM_EVENT_NAMES, service))
      throw new UsageError(`no service '${service}'; services: ${services.join(', ')}`);
    const events = SAM_EVENT_NAMES[service];
    if (event === undefined) {
      const width = Math.max(...Object.keys(events).map((e) => e.length));
      io.stdout(
        Object.keys(events)
          .map((e) => `${e.padEnd(width)}  ${samEventTemplate(service, e)?.label ?? ''}\n`)
          .join(''),
      );
      return 0;
    }
    const template = samEventTemplate(service, event);
    if (!template)
      throw new UsageError(`no event '${event}' for ${service}; its events: ${Object.keys(events).join(', ')}`);
    io.stdout(`${JSON.stringify(template.build(), null, 2)}\n`);
    return 0;
  },
};
