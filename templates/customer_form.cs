<?cs def:content() ?>
<section class="card wide">
<?cs if:Customer.Code ?>
  <p><a href="/customers/<?cs var:Customer.Code ?>">Back to <?cs var:Customer.Name ?></a></p>
<?cs else ?>
  <p><a href="/customers">All customers</a></p>
<?cs /if ?>
  <h1><?cs var:Page.Title ?></h1>
<?cs if:Customer.Code ?>
  <p class="lead">Customer code <?cs var:Customer.Code ?></p>
<?cs /if ?>
<?cs if:subcount(Duplicates) > 0 ?>
  <div class="warning" role="alert" id="duplicates">
    <p>This may be a customer the store already has: the same email or phone belongs to</p>
    <ul>
<?cs each:d = Duplicates ?>
      <li><a href="/customers/<?cs var:d.Code ?>"><?cs var:d.Code ?></a> <?cs var:d.Name ?></li>
<?cs /each ?>
    </ul>
    <p>Check before you go on. Nothing was saved yet.</p>
  </div>
<?cs /if ?>
  <form method="post" action="<?cs var:Form.Action ?>" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <label for="name">Name <span class="hint">(up to 200 characters)</span></label>
    <input id="name" name="name" type="text" maxlength="200" required autocomplete="off" value="<?cs var:Form.Name ?>"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?>>
<?cs if:Errors.name ?>
    <p class="field-error" id="name-error"><?cs var:Errors.name ?></p>
<?cs /if ?>
    <label for="email">Email <span class="hint">(optional)</span></label>
    <input id="email" name="email" type="email" maxlength="254" autocomplete="off" value="<?cs var:Form.Email ?>"<?cs if:Errors.email ?> aria-invalid="true" aria-describedby="email-error"<?cs /if ?>>
<?cs if:Errors.email ?>
    <p class="field-error" id="email-error"><?cs var:Errors.email ?></p>
<?cs /if ?>
    <label for="phone">Phone <span class="hint">(optional; digits, spaces and + - ( ) .)</span></label>
    <input id="phone" name="phone" type="tel" maxlength="40" autocomplete="off" value="<?cs var:Form.Phone ?>"<?cs if:Errors.phone ?> aria-invalid="true" aria-describedby="phone-error"<?cs /if ?>>
<?cs if:Errors.phone ?>
    <p class="field-error" id="phone-error"><?cs var:Errors.phone ?></p>
<?cs /if ?>
    <label for="notes">Notes <span class="hint">(optional, up to 2000 characters)</span></label>
    <textarea id="notes" name="notes" rows="4" maxlength="2000"<?cs if:Errors.notes ?> aria-invalid="true" aria-describedby="notes-error"<?cs /if ?>><?cs var:Form.Notes ?></textarea>
<?cs if:Errors.notes ?>
    <p class="field-error" id="notes-error"><?cs var:Errors.notes ?></p>
<?cs /if ?>
<?cs if:subcount(Duplicates) > 0 ?>
    <label class="check"><input type="checkbox" name="confirm_duplicate" value="1" aria-describedby="duplicates"> <?cs if:Customer.Code ?>Save anyway<?cs else ?>Create anyway<?cs /if ?>: this is a different customer</label>
<?cs /if ?>
<?cs include:"approval.cs" ?>
    <button type="submit"><?cs if:Customer.Code ?>Save changes<?cs else ?>Add customer<?cs /if ?></button>
  </form>
</section>
<?cs /def ?>
