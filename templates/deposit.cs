<?cs include:"account_badges.cs" ?>
<?cs def:content() ?>
<p><a href="/accounts/<?cs var:Account.Number ?>">Account <?cs var:Account.Number ?></a></p>
<section class="card narrow">
  <h1>Deposit to <?cs var:Account.Number ?></h1>
  <p class="lead"><?cs var:Account.CustomerCode ?> <?cs var:Account.CustomerName ?></p>
  <p class="badges"><?cs call:acct_badges(Account) ?></p>
  <dl class="facts">
    <dt>Balance</dt><dd class="balance"><?cs var:Account.Balance ?></dd>
    <dt>Available to spend</dt><dd class="available"><?cs var:Account.Available ?></dd>
  </dl>
  <form method="post" action="/accounts/<?cs var:Account.Number ?>/deposit" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"posting_form.cs" ?>
    <label for="amount">Amount <span class="hint">(<?cs var:Currency.Code ?>)</span></label>
    <input id="amount" name="amount" type="text" inputmode="decimal" autocomplete="off" value="<?cs var:Form.amount ?>" required<?cs if:Errors.amount ?> aria-invalid="true" aria-describedby="amount-error"<?cs /if ?>>
<?cs if:Errors.amount ?>
    <p class="field-error" id="amount-error"><?cs var:Errors.amount ?></p>
<?cs /if ?>
    <label for="method">Paid by</label>
<?cs if:subcount(Methods) == 0 ?>
    <p class="field-error" id="method-error">The store takes none of cash, card, bank transfer or cheque. <a href="/settings">Choose its payment methods in Settings</a>.</p>
<?cs else ?>
    <select id="method" name="method" required<?cs if:Errors.method ?> aria-invalid="true" aria-describedby="method-error"<?cs elif:Bank.Missing ?> aria-describedby="method-bank"<?cs /if ?>>
      <option value="">Choose…</option>
<?cs each:m = Methods ?>
      <option value="<?cs var:m.Key ?>"<?cs if:Form.method == m.Key ?> selected<?cs /if ?>><?cs var:m.Label ?></option>
<?cs /each ?>
    </select>
<?cs if:Errors.method ?>
    <p class="field-error" id="method-error"><?cs var:Errors.method ?></p>
<?cs /if ?>
<?cs /if ?>
<?cs if:Bank.Missing ?>
    <p class="hint" id="method-bank">Bank transfers need the store's business bank account: <a href="/settings">set one up in Settings</a>.</p>
<?cs /if ?>
    <label for="reference">Reference <span class="hint">(optional, such as a cheque or slip number)</span></label>
    <input id="reference" name="reference" type="text" maxlength="64" autocomplete="off" value="<?cs var:Form.reference ?>"<?cs if:Errors.reference ?> aria-invalid="true" aria-describedby="reference-error"<?cs /if ?>>
<?cs if:Errors.reference ?>
    <p class="field-error" id="reference-error"><?cs var:Errors.reference ?></p>
<?cs /if ?>
    <label for="note">Note <span class="hint">(optional)</span></label>
    <input id="note" name="note" type="text" maxlength="500" autocomplete="off" value="<?cs var:Form.note ?>"<?cs if:Errors.note ?> aria-invalid="true" aria-describedby="note-error"<?cs /if ?>>
<?cs if:Errors.note ?>
    <p class="field-error" id="note-error"><?cs var:Errors.note ?></p>
<?cs /if ?>
<?cs include:"approval.cs" ?>
    <button type="submit">Take deposit</button>
  </form>
</section>
<?cs /def ?>
