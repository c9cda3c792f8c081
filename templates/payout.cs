<?cs def:content() ?>
<p><a href="/accounts/<?cs var:Account.Number ?>">Account <?cs var:Account.Number ?></a></p>
<section class="card narrow">
  <h1>Pay out credit</h1>
  <p class="lead"><?cs var:Account.CustomerCode ?> <?cs var:Account.CustomerName ?></p>
  <dl class="facts">
    <dt>Balance</dt><dd class="balance"><?cs var:Account.Balance ?></dd>
    <dt>Credit in hand</dt><dd class="in-hand"><?cs var:Account.InHand ?></dd>
  </dl>
<?cs if:Account.Inactive ?>
  <p class="warning" role="status">The account is inactive: nothing can be paid out.</p>
<?cs elif:Account.OnHold ?>
  <p class="warning" role="status">The account is on hold: nothing can be paid out.</p>
<?cs elif:Account.NoCredit ?>
  <p class="warning" role="status">The account has no credit in hand to pay out.</p>
<?cs /if ?>
  <form method="post" action="/accounts/<?cs var:Account.Number ?>/payout" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"posting_form.cs" ?>
    <label for="amount">Amount <span class="hint">(at most the credit in hand)</span></label>
    <input id="amount" name="amount" type="text" inputmode="decimal" autocomplete="off" required value="<?cs var:Form.amount ?>"<?cs if:Errors.amount ?> aria-invalid="true" aria-describedby="amount-error"<?cs /if ?>>
<?cs if:Errors.amount ?>
    <p class="field-error" id="amount-error"><?cs var:Errors.amount ?></p>
<?cs /if ?>
    <fieldset class="group"<?cs if:Errors.way ?> aria-describedby="way-error"<?cs /if ?>>
      <legend>Pay it out</legend>
      <label class="check"><input type="radio" name="way" value="cash"<?cs if:Form.way == "cash" ?> checked<?cs /if ?>> As cash</label>
      <label class="check"><input type="radio" name="way" value="card"<?cs if:Form.way == "card" ?> checked<?cs /if ?>> Onto an existing gift card</label>
      <label class="check"><input type="radio" name="way" value="new_card"<?cs if:Form.way == "new_card" ?> checked<?cs /if ?>> Onto a new gift card</label>
<?cs if:Errors.way ?>
      <p class="field-error" id="way-error"><?cs var:Errors.way ?></p>
<?cs /if ?>
    </fieldset>
    <label for="card">Gift card code <span class="hint">(for an existing card: type or scan it)</span></label>
    <input id="card" name="card" type="text" inputmode="numeric" autocomplete="off" value="<?cs var:Form.card ?>"<?cs if:Errors.card ?> aria-invalid="true" aria-describedby="card-error"<?cs /if ?>>
<?cs if:Errors.card ?>
    <p class="field-error" id="card-error"><?cs var:Errors.card ?></p>
<?cs /if ?>
    <label for="note">Note <span class="hint">(optional)</span></label>
    <textarea id="note" name="note" rows="2"<?cs if:Errors.note ?> aria-invalid="true" aria-describedby="note-error"<?cs /if ?>><?cs var:Form.note ?></textarea>
<?cs if:Errors.note ?>
    <p class="field-error" id="note-error"><?cs var:Errors.note ?></p>
<?cs /if ?>
<?cs include:"approval.cs" ?>
    <button type="submit">Pay out</button>
  </form>
</section>
<?cs /def ?>
