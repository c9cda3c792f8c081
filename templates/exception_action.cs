<?cs def:content() ?>
<section class="card narrow">
  <p><a href="/exceptions">Back to the exceptions</a></p>
  <h1><?cs var:Action.Title ?></h1>
  <dl class="facts">
    <dt>Time</dt><dd><?cs var:Exception.Created ?></dd>
    <dt>Lane</dt><dd><?cs var:Exception.Lane ?></dd>
    <dt>Account</dt><dd><a class="code" href="/accounts/<?cs var:Exception.Account ?>"><?cs var:Exception.Account ?></a></dd>
    <dt>Customer</dt><dd><?cs var:Exception.Customer ?></dd>
    <dt>Receipt</dt><dd><?cs if:Exception.Receipt ?><?cs var:Exception.Receipt ?><?cs else ?><span class="hint">None</span><?cs /if ?></dd>
    <dt>Amount</dt><dd><?cs var:Exception.Amount ?></dd>
    <dt>Broke</dt><dd><?cs each:f = Exception.Flags ?><span class="badge warn"><?cs var:f ?></span> <?cs /each ?></dd>
    <dt>Balance after</dt><dd><?cs var:Exception.BalanceAfter ?></dd>
<?cs if:Exception.HoldReason ?>
    <dt>Hold reason</dt><dd><?cs var:Exception.HoldReason ?></dd>
<?cs /if ?>
  </dl>
<?cs if:Action.Done ?>
  <p class="note"><?cs var:Action.Done ?></p>
<?cs else ?>
  <p id="action-text"><?cs var:Action.Text ?></p>
  <form method="post" action="/exceptions/<?cs var:Exception.Id ?>/<?cs var:Action.Path ?>" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"approval.cs" ?>
    <button type="submit" aria-describedby="action-text"><?cs var:Action.Button ?></button>
  </form>
<?cs /if ?>
</section>
<?cs /def ?>
