import { LocalBus } from './update-bus.ts';
import { describeUpdateBusContract } from './update-bus-contract.ts';

describeUpdateBusContract('in-process', ({ onListenerError }) => new LocalBus(onListenerError));
